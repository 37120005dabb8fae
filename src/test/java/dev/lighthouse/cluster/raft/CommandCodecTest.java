package dev.lighthouse.cluster.raft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lighthouse.apply.Command;
import dev.lighthouse.apply.Edit;
import dev.lighthouse.coord.Fence;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.NullNode;
import dev.lighthouse.tree.NumberNode;
import dev.lighthouse.tree.ObjectNode;
import dev.lighthouse.tree.StringNode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
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
    private static final Fence FENCE = new Fence(GROUP, "host1", 1234);

    static List<Command> newAndFencedCommands() {
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
                new Command.LeaveGroup(GROUP, "host1", "s1", null, NOW),
                new Command.PatchDocument(new Edit.Put(JsonPath.of("a"), NumberNode.of(1)), 5L, "bob", FENCE, NOW),
                new Command.PatchDocument(new Edit.Delete(JsonPath.of("a")), null, null, FENCE, NOW),
                new Command.Commit("ops", "bob", FENCE, NOW),
                new Command.Commit("ops", null, null, NOW),
                new Command.CreateHook("reg", null, GROUP, "http://127.0.0.1:9/hook", NOW),
                new Command.CreateHook("dm", "/app/dm", "http://127.0.0.1:9/hook", NOW));
    }

    @ParameterizedTest
    @MethodSource("newAndFencedCommands")
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
        if (command instanceof Command.PatchDocument patch) {
            return new Command.PatchDocument(null, patch.expectedSeq(), patch.by(), patch.fence(), patch.now())
                    + " edit " + patch.edit();
        }
        return command.toString();
    }

    @Test
    void aJoinWithoutAValueCarriesJsonNull() throws IOException {
        byte[] entry = CommandCodec.encode(ID, new Command.JoinGroup(GROUP, "m", "s", null, 0, null, NOW));
        Command.JoinGroup decoded = (Command.JoinGroup) CommandCodec.decode(entry, 0, entry.length);
        assertEquals("null", decoded.value().toJson());
    }

    /**
     * Entries already in Raft logs were written before fences existed: they must still decode,
     * without a fence, and an unfenced write must still encode to exactly those bytes.
     */
    @Test
    void unfencedWritesAreEncodedAsBeforeFencesAndOldEntriesDecodeWithoutOne() throws IOException {
        byte[] oldPatch = oldFormatPatch();
        Command.PatchDocument patch = (Command.PatchDocument) CommandCodec.decode(oldPatch, 0, oldPatch.length);
        assertNull(patch.fence());
        assertEquals(5L, patch.expectedSeq());
        assertEquals("bob", patch.by());
        assertArrayEquals(oldPatch, CommandCodec.encode(ID, patch));

        byte[] oldCommit = HexFormat.of().parseHex("02" + "000000000000002a" + "0000000000000007"
                + instantHex() + "43" + "00000003" + "6f7073" + "ffffffff");
        Command.Commit commit = (Command.Commit) CommandCodec.decode(oldCommit, 0, oldCommit.length);
        assertEquals(new Command.Commit("ops", null, null, NOW), commit);
        assertArrayEquals(oldCommit, CommandCodec.encode(ID, commit));
    }

    /** A PATCH as format 2 wrote it before fences: header, 'P', the edit, the expected seq, who sent it. */
    private static byte[] oldFormatPatch() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(HexFormat.of().parseHex("02" + "000000000000002a" + "0000000000000007" + instantHex()));
        out.writeByte('P');
        out.writeByte('p');
        Wire.writeString(out, "/a");
        Wire.writeJson(out, NumberNode.of(1));
        out.writeLong(5);
        Wire.writeString(out, "bob");
        return bytes.toByteArray();
    }

    private static String instantHex() {
        return String.format("%016x%08x", NOW.getEpochSecond(), NOW.getNano());
    }

    @Test
    void aFenceOnACommandThatTakesNoneIsACorruptEntry() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(HexFormat.of().parseHex("02" + "000000000000002a" + "0000000000000007" + instantHex()));
        CoordinationCodec.writeFence(out, FENCE);
        out.writeByte('E');
        byte[] entry = bytes.toByteArray();
        IOException refused = assertThrows(IOException.class, () -> CommandCodec.decode(entry, 0, entry.length));
        assertEquals("a fence on Expire, which takes none", refused.getMessage());
    }
}
