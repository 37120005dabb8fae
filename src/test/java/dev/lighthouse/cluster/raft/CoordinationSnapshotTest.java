package dev.lighthouse.cluster.raft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.coord.Coordination;
import dev.lighthouse.coord.CoordinationLimits;
import dev.lighthouse.coord.Group;
import dev.lighthouse.coord.Member;
import dev.lighthouse.coord.Session;
import dev.lighthouse.testing.CoordinationDump;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.NumberNode;
import dev.lighthouse.tree.ObjectNode;
import dev.lighthouse.tree.StringNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sessions and groups in a snapshot. A node that rebuilt them from one must go on exactly like
 * the replicas that applied every command: same fields to the nanosecond, same ranks, tokens and
 * revs, same counter, and the same promotions when sessions end later.
 */
class CoordinationSnapshotTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final CoordinationLimits LIMITS = CoordinationLimits.DEFAULT;
    private static final int SESSIONS = 10_000;

    /**
     * 10,000 sessions (names, owners and checkpoints present and absent, ttls with nanoseconds),
     * 8,000 of them in 200 groups of limit 3 (so most members wait), 2,000 in one group where
     * everyone holds, a session in several groups, and some sessions ended so waiting members were
     * promoted with new tokens.
     */
    private static Coordination large() {
        Coordination state = Coordination.EMPTY.withTerm(7);
        for (int i = 0; i < SESSIONS; i++) {
            Duration ttl = Duration.ofSeconds(1 + i % 3599, (i % 1000) * 1000L + 7);
            state = state.opened(Session.open(id(i), i % 3 == 0 ? null : "web" + i, ttl, owner(i),
                    T0.plusNanos(i * 1_000_003L)), LIMITS.maxSessions());
        }
        for (int i = 0; i < 8_000; i++) {
            state = state.joined(JsonPath.of("app", "g" + (i % 200)), "m" + i, id(i), value(i), 3, owner(i),
                    T0.plusSeconds(i), LIMITS).after();
        }
        for (int i = 8_000; i < SESSIONS; i++) {
            state = state.joined(JsonPath.of("wide"), "m" + i, id(i), value(i), 0, owner(i), T0.plusSeconds(i),
                    LIMITS).after();
        }
        state = state.joined(JsonPath.of("multi", "a/b"), "x", id(1), StringNode.of("first"), 1, owner(1), T0,
                LIMITS).after();
        state = state.joined(JsonPath.of("multi", "c"), "y", id(1), NumberNode.ofLiteral("1.50"), 0, owner(1), T0,
                LIMITS).after();
        Map<String, Duration> remaining = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            remaining.put(id(i), Duration.ofMillis(i * 10L + 3));
        }
        state = state.checkpointed(remaining);
        for (int i = 0; i < 400; i += 7) {
            state = state.ended(id(i), owner(i)).after();
        }
        return state;
    }

    private static String id(int i) {
        return "s" + i;
    }

    private static String owner(int i) {
        return i % 5 == 0 ? null : "token" + (i % 4);
    }

    private static ObjectNode value(int i) {
        return ObjectNode.EMPTY.with("http", StringNode.of("10.0.0." + i % 250 + ":80")).with("n", NumberNode.of(i));
    }

    private static byte[] encode(Coordination state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        CoordinationSnapshot.write(out, state);
        out.flush();
        return bytes.toByteArray();
    }

    private static Coordination decode(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        Coordination state = CoordinationSnapshot.read(in);
        assertEquals(-1, in.read(), "the whole encoding was read, no more");
        return state;
    }

    @Test
    void aLargeStateComesBackWithEveryField() throws IOException {
        Coordination original = large();
        assertEquals(SESSIONS - 58, original.sessions().size());
        Group group = original.group(JsonPath.of("app", "g7"));
        assertTrue(group.members().get(0).holder() && !group.members().get(3).holder(),
                "the fixture has holders and waiting members: " + group);

        byte[] bytes = encode(original);
        Coordination restored = decode(bytes);

        assertEquals(CoordinationDump.of(original), CoordinationDump.of(restored));
        assertEquals(original.counter(), restored.counter());
        assertEquals(7, restored.term());
        assertEquals(original.session(id(3)), restored.session(id(3)), "name absent, owner and checkpoint present");
        assertEquals(original.session(id(1)).ttl(), restored.session(id(1)).ttl());
        // Written in the maps' own order, which depends only on the keys: the same state, the same bytes.
        assertArrayEquals(bytes, encode(restored));
    }

    @Test
    void aRestoredStateGoesOnLikeTheOneItWasTakenFrom() throws IOException {
        Coordination original = large();
        Coordination restored = decode(encode(original));
        for (int i = 1; i < 2_000; i += 3) {
            if (original.session(id(i)) != null) {
                original = original.ended(id(i), owner(i)).after();
                restored = restored.ended(id(i), owner(i)).after();
            }
        }
        original = original.left(JsonPath.of("wide"), "m8001", id(8001), owner(8001)).after();
        restored = restored.left(JsonPath.of("wide"), "m8001", id(8001), owner(8001)).after();
        original = original.joined(JsonPath.of("app", "g0"), "late", id(9999), value(1), 3, owner(9999), T0,
                LIMITS).after();
        restored = restored.joined(JsonPath.of("app", "g0"), "late", id(9999), value(1), 3, owner(9999), T0,
                LIMITS).after();
        assertEquals(CoordinationDump.of(original), CoordinationDump.of(restored));
        assertNotEquals(CoordinationDump.of(large()), CoordinationDump.of(restored), "the changes changed something");
    }

    @Test
    void anEmptyStateRoundTrips() throws IOException {
        assertEquals(CoordinationDump.of(Coordination.EMPTY), CoordinationDump.of(decode(encode(Coordination.EMPTY))));
    }

    /** A member whose session is not listed would break ending that session later: refused when read. */
    @Test
    void aStateNoCommandsCouldHaveLeftIsRefused() throws IOException {
        Coordination one = Coordination.EMPTY.opened(Session.open("s1", null, Duration.ofSeconds(10), null, T0), 10);
        one = one.joined(JsonPath.of("g"), "m", "s1", StringNode.of("v"), 0, null, T0, LIMITS).after();
        byte[] orphan = orphanGroup(one);
        IOException refused = assertThrows(IOException.class, () -> decode(orphan));
        assertTrue(refused.getMessage().contains("session s1, which is not listed"), refused.getMessage());
    }

    /** The encoding of {@code state}'s groups, counter and term after a session count of 0. */
    private static byte[] orphanGroup(Coordination state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0);
        out.writeInt(1);
        Group group = state.groups().values().get(0);
        CoordinationCodec.writeGroup(out, group.name());
        out.writeInt(group.limit());
        out.writeLong(group.rev());
        out.writeInt(group.members().size());
        for (Member member : group.members()) {
            Wire.writeString(out, member.name());
            Wire.writeString(out, member.session());
            Wire.writeJson(out, member.value());
            out.writeLong(member.token());
            Wire.writeInstant(out, member.since());
        }
        out.writeLong(state.counter());
        out.writeLong(state.term());
        out.flush();
        return bytes.toByteArray();
    }
}
