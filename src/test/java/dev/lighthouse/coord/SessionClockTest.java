package dev.lighthouse.coord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leader's deadlines, on a clock the test moves (nanoseconds). */
class SessionClockTest {

    private static final long SECOND = 1_000_000_000L;
    private static final Instant T0 = Instant.parse("2026-12-03T00:00:00Z");

    private static Session session(String id, int ttlSeconds) {
        return Session.open(id, null, Duration.ofSeconds(ttlSeconds), null, T0);
    }

    @Test
    void aNewLeaderGivesEverySessionAFullTtlFromWhenItLeads() {
        SessionClock clock = new SessionClock();
        clock.restart(List.of(session("a", 10), session("b", 2)), 100 * SECOND);
        assertEquals(110 * SECOND, clock.deadline("a"));
        assertEquals(102 * SECOND, clock.deadline("b"));
        assertEquals(List.of(), clock.takeLapsed(101 * SECOND, 10));
        assertEquals(List.of("b"), clock.takeLapsed(102 * SECOND, 10));
    }

    @Test
    void aCheckpointedRemainderIsWhatANewLeaderGivesALongTtl() {
        SessionClock clock = new SessionClock();
        Session checkpointed = session("long", 3600).checkpointed(Duration.ofMinutes(5));
        clock.restart(List.of(checkpointed), 0);
        assertEquals(Duration.ofMinutes(5).toNanos(), clock.deadline("long"));
    }

    @Test
    void aRenewalMovesTheDeadlineAndALapsedSessionIsProposedOnce() {
        SessionClock clock = new SessionClock();
        clock.opened(session("a", 2), 0);
        assertEquals(3 * SECOND, clock.renew("a", SECOND));
        assertEquals(List.of(), clock.takeLapsed(2 * SECOND, 10));
        assertEquals(List.of("a"), clock.takeLapsed(3 * SECOND, 10));
        assertEquals(List.of(), clock.takeLapsed(4 * SECOND, 10), "proposed once, then the log decides");
        assertEquals(-1, clock.renew("a", 4 * SECOND), "a renewal waits for the log's verdict");
        clock.expiryDropped("a", 4 * SECOND);
        assertEquals(7 * SECOND, clock.renew("a", 5 * SECOND), "a dropped expiry leaves the session running");
        clock.ended("a");
        assertEquals(-1, clock.renew("a", 5 * SECOND));
        assertEquals(0, clock.size());
    }

    @Test
    void lapsedSessionsAreTakenInBoundedBatches() {
        SessionClock clock = new SessionClock();
        for (int i = 0; i < 25; i++) {
            clock.opened(session("s" + i, 1), 0);
        }
        assertEquals(10, clock.takeLapsed(SECOND, 10).size());
        assertEquals(10, clock.takeLapsed(SECOND, 10).size());
        assertEquals(5, clock.takeLapsed(SECOND, 10).size());
    }

    @Test
    void onlyLongTtlsAreCheckpointedWithWhatRemains() {
        SessionClock clock = new SessionClock();
        clock.opened(session("short", 10), 0);
        clock.opened(session("long", 600), 0);
        var remaining = clock.remaining(Duration.ofMinutes(1), 100 * SECOND);
        assertEquals(1, remaining.size());
        assertEquals(Duration.ofSeconds(500), remaining.get("long"));
        assertTrue(clock.remaining(Duration.ofMinutes(1), 700 * SECOND).get("long").isZero());
    }

    @Test
    void aSessionThatLapsesIsFoundWhateverOpenedOrRenewedSinceTheLastLook() {
        SessionClock clock = new SessionClock();
        clock.opened(session("long", 10), 0);
        assertEquals(List.of(), clock.takeLapsed(SECOND, 10), "nothing before 10 s");
        clock.opened(session("short", 1), 2 * SECOND);
        assertEquals(List.of(), clock.takeLapsed(2 * SECOND + SECOND / 2, 10));
        assertEquals(List.of("short"), clock.takeLapsed(3 * SECOND, 10), "a session opened after the look lapses first");
        clock.renew("long", 5 * SECOND);
        assertEquals(List.of(), clock.takeLapsed(10 * SECOND, 10), "renewed to 15 s");
        clock.expiryDropped("short", 11 * SECOND);
        assertEquals(List.of("short"), clock.takeLapsed(12 * SECOND, 10), "a dropped expiry runs a new ttl");
        clock.restart(List.of(session("long", 10), session("brief", 1)), 20 * SECOND);
        assertEquals(List.of("brief"), clock.takeLapsed(21 * SECOND, 10), "a restart forgets what it knew");
        assertEquals(List.of("long"), clock.takeLapsed(30 * SECOND, 10));
    }

    @Test
    void aLookCutShortByItsBatchLimitLooksAgainInFull() {
        SessionClock clock = new SessionClock();
        for (int i = 0; i < 5; i++) {
            clock.opened(session("s" + i, 1), 0);
        }
        clock.opened(session("later", 5), 0);
        assertEquals(2, clock.takeLapsed(SECOND, 2).size());
        assertEquals(3, clock.takeLapsed(SECOND, 10).size(), "the rest, although the first look saw no more");
        assertEquals(List.of("later"), clock.takeLapsed(5 * SECOND, 10));
    }
}
