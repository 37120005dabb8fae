package dev.lighthouse.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.coord.SessionIds;
import dev.lighthouse.error.Futures;
import dev.lighthouse.error.NotFound;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader's session clock on a single node (a cluster of one): sessions lapse after their ttl
 * unless renewed, expiry goes through the log, and an ended session never comes back.
 */
class SessionKeeperTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    private static String open(TestServer server, Duration ttl) throws Exception {
        String id = SessionIds.next();
        Outcome opened = server.node().cluster().commandLog()
                .submit(new Command.OpenSession(id, "test", ttl, null, Instant.now())).get(10, TimeUnit.SECONDS);
        assertInstanceOf(Outcome.SessionOpened.class, opened);
        return id;
    }

    private static boolean exists(TestServer server, String id) {
        return server.node().state().coordination().session(id) != null;
    }

    @Test
    void aSessionNotRenewedLapsesAfterItsTtlAndNotBefore() throws Exception {
        try (TestServer server = TestServer.start(temp.resolve("data.d"))) {
            Await.until("the node leading", WAIT, server.node().cluster()::isLeader);
            long seq = server.node().currentVersion().seq();
            long opened = System.nanoTime();
            String id = open(server, Duration.ofSeconds(1));
            Await.until("the session to expire", WAIT, () -> !exists(server, id));
            long lived = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened);
            assertTrue(lived >= 1000, "expired after " + lived + " ms, before its ttl");
            assertEquals(seq, server.node().currentVersion().seq(), "sessions never make a version");
        }
    }

    @Test
    void renewalsKeepASessionAliveAndAnEndedOneStaysEnded() throws Exception {
        try (TestServer server = TestServer.start(temp.resolve("data.d"))) {
            Await.until("the node leading", WAIT, server.node().cluster()::isLeader);
            String id = open(server, Duration.ofSeconds(1));
            SessionKeeper keeper = server.node().sessions();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            int renewed = 0;
            while (System.nanoTime() < until) {
                Instant expires = renewOnce(keeper, id);
                assertTrue(expires.isAfter(Instant.now()), "a renewal extends the session: " + expires);
                assertTrue(exists(server, id), "the session lapsed although renewed");
                renewed++;
                Thread.sleep(300); // the client's renewal interval (ttl/3), not a wait for a condition
            }
            assertTrue(renewed >= 5, "renewed " + renewed + " times");
            Await.until("the session to expire once renewals stop", WAIT, () -> !exists(server, id));
            ExecutionException ended = assertThrows(ExecutionException.class,
                    () -> keeper.renew(id).get(10, TimeUnit.SECONDS));
            assertInstanceOf(NotFound.class, Futures.cause(ended));
        }
    }

    @Test
    void aRenewalInTheFirstMomentsOfLeadershipWaitsForTheClockInsteadOfFailing() throws Exception {
        try (TestServer server = TestServer.start(temp.resolve("data.d"))) {
            Await.until("the node leading", WAIT, server.node().cluster()::isLeader);
            String id = open(server, Duration.ofSeconds(30)); // likely before the keeper's term entry applies
            Instant expires = renewOnce(server.node().sessions(), id);
            assertTrue(expires.isAfter(Instant.now().plusSeconds(20)), "renewed to " + expires);
        }
    }

    @Test
    void expiresOnTheLeaderFollowsTheLastRenewal() throws Exception {
        try (TestServer server = TestServer.start(temp.resolve("data.d"))) {
            Await.until("the node leading", WAIT, server.node().cluster()::isLeader);
            String id = open(server, Duration.ofSeconds(30));
            Instant renewed = renewOnce(server.node().sessions(), id);
            var session = server.node().state().coordination().session(id);
            assertNotNull(session);
            Instant expires = server.node().sessions().expires(session);
            assertTrue(Math.abs(Duration.between(renewed, expires).toMillis()) < 1000,
                    "expires " + expires + " vs the renewal's " + renewed);
        }
    }

    /** Renews once: a renewal in the first moments of leadership waits for the clock, never refused. */
    private static Instant renewOnce(SessionKeeper keeper, String id) throws Exception {
        return keeper.renew(id).get(10, TimeUnit.SECONDS);
    }
}
