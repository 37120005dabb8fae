package dev.lighthouse.cluster.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lighthouse.apply.Command;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.NullNode;
import dev.lighthouse.tree.NumberNode;
import dev.lighthouse.tree.ObjectNode;
import dev.lighthouse.tree.StringNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Commands as log entries. The node that submits an entry applies its own command object while
 * every other node applies the decoded one, so decoding must give back exactly what was encoded.
 */
class CommandCodecTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00.123456789Z");
    private static final CommandCodec.RequestId ID = new CommandCodec.RequestId(42, 7);
    private static final JsonPath GROUP = JsonPath.of("srv", "a/b", "dm");

    static List<Command> newCommands() {
        Map<String, Duration> remaining = new LinkedHashMap<>();
        remaining.put("s1", Duration.ofSeconds(4, 123_456_789));
        remaining.put("s2", Duration.ZERO);
        return List.of(
                new Command.OpenSession("0123456789abcdef0123456789abcdef", "web1", Duration.ofMillis(10_500), "alice",
                        NOW),
                new Command.OpenSession("s", null, null, null, NOW),
                new Command.EndSession("s1", "alice", NOW),
                new Command.EndSession("s1", null, NOW),
                new Command.ExpireSession("s1", 17, NOW),
                new Command.LeaderTerm(Long.MAX_VALUE, NOW),
                new Command.CheckpointSessions(remaining, NOW),
                new Command.CheckpointSessions(Map.of(), NOW),
                new Command.JoinGroup(GROUP, "host1", "s1", ObjectNode.EMPTY.with("http", StringNode.of("h:1"))
                        .with("weight", NumberNode.ofLiteral("1.50")), 3, "alice", NOW),
                new Command.JoinGroup(GROUP, "host1", "s1", null, 0, null, NOW),
                new Command.LeaveGroup(GROUP, "host1", "s1", "alice", NOW),
                new Command.LeaveGroup(GROUP, "host1", "s1", null, NOW));
    }

    @ParameterizedTest
    @MethodSource("newCommands")
    void everyCommandDecodesToWhatWasEncoded(Command command) throws IOException {
        byte[] entry = CommandCodec.encode(ID, command);
        assertEquals(ID, CommandCodec.readId(entry, 0, entry.length));
        Command decoded = CommandCodec.decode(entry, 0, entry.length);
        // Records compare by their fields; JSON values compare by digest, so compare those as JSON.
        assertEquals(comparable(command), comparable(decoded));
    }

    private static String comparable(Command command) {
        if (command instanceof Command.JoinGroup join) {
            return new Command.JoinGroup(join.group(), join.member(), join.session(), NullNode.INSTANCE, join.limit(),
                    join.by(), join.now()) + " value " + join.value().toJson();
        }
        return command.toString();
    }

    @Test
    void aJoinWithoutAValueCarriesJsonNull() throws IOException {
        byte[] entry = CommandCodec.encode(ID, new Command.JoinGroup(GROUP, "m", "s", null, 0, null, NOW));
        Command.JoinGroup decoded = (Command.JoinGroup) CommandCodec.decode(entry, 0, entry.length);
        assertEquals("null", decoded.value().toJson());
    }
}
