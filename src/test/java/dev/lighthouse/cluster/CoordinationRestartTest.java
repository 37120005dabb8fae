package dev.lighthouse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.apply.Outcome;
import dev.lighthouse.apply.StoreState;
import dev.lighthouse.coord.Member;
import dev.lighthouse.error.PreconditionFailed;
import dev.lighthouse.store.Version;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.Coordinate;
import dev.lighthouse.testing.CoordinationDump;
import dev.lighthouse.testing.CrashImage;
import dev.lighthouse.testing.TestServer;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.NumberNode;
import dev.lighthouse.tree.ObjectNode;
import dev.lighthouse.tree.StringNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions and groups on a single node survive a restart, a clean one (snapshot, truncated log)
 * and a kill (data.d and the log as they were, versions perhaps not yet written), to the last
 * field: sessions, ranks, tokens, revs, times, the counter and the term. None of it ever makes a
 * version: seq and checksum are those the document commands made.
 */
class CoordinationRestartTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DB = "app/db";

    @TempDir
    Path temp;

    private Path dataDir;

    @BeforeEach
    void paths() {
        dataDir = temp.resolve("data.d");
    }

    /** Everything a restart must keep, as comparable text. */
    private record State(String coordination, long seq, String checksum, long counter) {
    }

    /**
     * What a restart must restore. The leader term is left out: a restarted node that leads
     * records its own new term (the session keeper's first entry) whenever it gets to it, maybe
     * before this is read, maybe after.
     */
    private static State state(TestServer server) {
        StoreState current = server.node().cluster().stateView().state();
        String coordination = CoordinationDump.of(current.coordination()).replaceAll(" term \\d+", "");
        return new State(coordination, current.current().seq(),
                current.current().checksum(), current.coordination().counter());
    }

    private static Coordinate coordinate(TestServer server) {
        Await.until("the node leading", WAIT, server.node().cluster()::isLeader);
        return Coordinate.through(server.node().cluster().commandLog());
    }

    /** Three sessions in a group of limit 2 (one waits) and in a group where all hold; a checkpoint; a term. */
    private static String[] sessionsAndGroups(Coordinate c) {
        String a = c.open("web1", Duration.ofSeconds(10));
        String b = c.open(null, Duration.ofHours(1));
        String d = c.open("web3", Duration.ofMillis(90_500));
        c.term(3);
        c.join(DB, "m1", a, ObjectNode.EMPTY.with("http", StringNode.of("10.0.0.1:80")), 2);
        c.join(DB, "m2", b, NumberNode.ofLiteral("2.50"), 2);
        Member waiting = c.join(DB, "m3", d, null, 2);
        assertFalse(waiting.holder(), "a group of limit 2 makes the third member wait");
        c.join("srv/dm", "host1", a, StringNode.of("h1"), 0);
        c.join("srv/dm", "host2", d, StringNode.of("h2"), 0);
        c.checkpoint(Map.of(a, Duration.ofMillis(7_250), b, Duration.ofSeconds(3000)));
        return new String[] {a, b, d};
    }

    @Test
    void sessionsAndGroupsSurviveACleanRestart() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            Coordinate c = coordinate(server);
            c.patch("before", 1, null);
            State document = state(server);
            long firstCoordination = server.node().cluster().appliedIndex() + 1;
            String[] s = sessionsAndGroups(c);
            assertEquals(document.seq(), state(server).seq(), "sessions and groups make no version");
            assertEquals(document.checksum(), state(server).checksum());
            long token = server.node().cluster().stateView().state().coordination().group(JsonPath.fromUrl(DB))
                    .member("m1").token();
            assertInstanceOf(Outcome.Committed.class, c.patch("fenced", 1, Coordinate.fence(DB, "m1", token)));
            c.end(s[1]);
            c.patch("after", 1, null);
            String late = c.open("late", Duration.ofSeconds(20));
            c.join(DB, "m4", late, null, 2);
            State before = state(server);

            server.restart();

            long logStart = server.node().cluster().raft().log().firstAppended();
            assertTrue(logStart > firstCoordination, "the clean stop truncated the log past the sessions' entries"
                    + " (it starts at " + logStart + "): they came back from the snapshot");
            assertEquals(before, state(server));
            // And the restored state goes on alike: the next holder gets the next token.
            c = coordinate(server);
            c.leave(DB, "m1", s[0]);
            Member promoted = server.node().cluster().stateView().state().coordination()
                    .group(JsonPath.fromUrl(DB)).member("m4");
            assertEquals(before.counter() + 1, promoted.token());
        }
    }

    @Test
    void sessionsAndGroupsSurviveAKill() throws Exception {
        State before;
        try (TestServer server = TestServer.start(dataDir)) {
            Coordinate c = coordinate(server);
            long firstCoordination = server.node().cluster().appliedIndex() + 1;
            String[] s = sessionsAndGroups(c);
            c.patch("a", 1, null);
            // A snapshot in the middle: the sessions come from it, the later entries from the log.
            server.node().cluster().raft().snapshotAsync().get();
            c.patch("a", 2, null);
            String e = c.open("web5", Duration.ofSeconds(5));
            c.join(DB, "m5", e, null, 2);
            c.end(s[0]);
            c.patch("a", 3, null);
            c.leave("srv/dm", "host2", s[2]);
            assertTrue(server.node().cluster().raft().log().firstAppended() < firstCoordination,
                    "the log still holds the sessions' entries, as after a kill");
            before = state(server);
            CrashImage.take(dataDir, temp.resolve("image"));
        }
        CrashImage.restore(temp.resolve("image"), dataDir);
        try (TestServer restarted = TestServer.start(dataDir)) {
            assertEquals(before, state(restarted));
        }
    }

    /**
     * Killed before a fenced write's version file was written, after a snapshot that holds the
     * groups as they were later (the holder gone): the write is replayed from the log with the
     * outcome it had, and the stale one stays refused.
     */
    @Test
    void aFencedWriteWhoseVersionFileWasLostKeepsItsOutcome() throws Exception {
        State before;
        long lostFrom;
        try (TestServer server = TestServer.start(dataDir)) {
            Coordinate c = coordinate(server);
            c.patch("a", 1, null);
            String holder = c.open("holder", Duration.ofSeconds(10));
            String next = c.open("next", Duration.ofSeconds(10));
            long token = c.join("lock/db", "primary", holder, null, 1).token();
            c.join("lock/db", "standby", next, null, 1);
            Version fenced = ((Outcome.Committed) c.patch("a", 2, Coordinate.fence("lock/db", "primary", token)))
                    .version();
            Outcome stale = c.patch("a", 3, Coordinate.fence("lock/db", "standby", token));
            assertInstanceOf(PreconditionFailed.class, assertInstanceOf(Outcome.Failed.class, stale).problem());
            c.end(holder);
            server.node().cluster().raft().snapshotAsync().get();
            before = state(server);
            lostFrom = fenced.seq();
            CrashImage.take(dataDir, temp.resolve("image"));
        }
        CrashImage.restore(temp.resolve("image"), dataDir);
        assertTrue(CrashImage.dropVersionsAfter(dataDir, lostFrom - 1) > 0, "the fenced write's version file is gone");
        try (TestServer restarted = TestServer.start(dataDir)) {
            assertEquals(before, state(restarted));
            assertEquals("2", restarted.http().get("/data/a").asString().strip());
        }
    }
}
