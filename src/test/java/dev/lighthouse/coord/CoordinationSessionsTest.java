package dev.lighthouse.coord;

import static dev.lighthouse.coord.CoordinationFixture.TTL;
import static dev.lighthouse.coord.CoordinationFixture.group;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.lighthouse.apply.Command;
import dev.lighthouse.apply.Outcome;
import dev.lighthouse.apply.StoreState;
import dev.lighthouse.error.Conflict;
import dev.lighthouse.error.Forbidden;
import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.error.LimitExceeded;
import dev.lighthouse.error.NotFound;
import dev.lighthouse.error.ProblemType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sessions through the applier: open, end, expire by the leader of the right term, checkpoint. */
class CoordinationSessionsTest {

    private final CoordinationFixture store = new CoordinationFixture(new CoordinationLimits(3, 10, 1024));

    @Test
    void aSessionIsOpenedAsTheCommandSaysAndEndedByItsClient() {
        Instant at = store.now();
        Outcome.SessionOpened opened = assertInstanceOf(Outcome.SessionOpened.class,
                store.apply(new Command.OpenSession("s1", "web1", TTL, "alice", at)));
        Session session = opened.session();
        assertEquals(new Session("s1", "web1", TTL, "alice", at, null), session);
        assertSame(session, store.coordination().session("s1"));

        Outcome.SessionEnded ended = assertInstanceOf(Outcome.SessionEnded.class,
                store.apply(new Command.EndSession("s1", "alice", store.now())));
        assertSame(session, ended.session());
        assertEquals(List.of(), ended.groups());
        assertNull(store.coordination().session("s1"));
        store.refused(NotFound.class, new Command.EndSession("s1", "alice", store.now()));
        store.refused(NotFound.class, new Command.EndSession(null, null, store.now()));
        store.unchanged(new Command.ExpireSession(null, 0, store.now()));
        store.refused(Conflict.class, new Command.OpenSession(store.open(), null, TTL, null, store.now()));
    }

    @Test
    void theTtlLiesBetweenOneSecondAndOneHourInclusive() {
        for (Duration bad : new Duration[] {Duration.ofMillis(999), Duration.ofHours(1).plusMillis(1), Duration.ZERO,
                Duration.ofSeconds(-5), null}) {
            store.refused(InvalidInput.class, new Command.OpenSession("s-" + bad, null, bad, null, store.now()));
        }
        store.refused(InvalidInput.class, new Command.OpenSession("", null, TTL, null, store.now()));
        store.apply(new Command.OpenSession("short", null, Duration.ofSeconds(1), null, store.now()));
        store.apply(new Command.OpenSession("long", null, Duration.ofHours(1), null, store.now()));
        assertEquals(2, store.coordination().sessions().size());
    }

    @Test
    void theClusterHoldsAsManySessionsAsTheLimitAllowsAndNoMore() {
        String first = store.open();
        store.open();
        store.open();
        LimitExceeded full = store.refused(LimitExceeded.class, new Command.OpenSession("fourth", null, TTL, null,
                store.now()));
        assertEquals(ProblemType.LIMIT_EXCEEDED, full.problem());
        assertEquals(409, full.status());
        assertEquals(Map.of("limit", 3L), full.extensions());
        store.end(first);
        store.apply(new Command.OpenSession("fourth", null, TTL, null, store.now()));
        assertNotNull(store.coordination().session("fourth"));
    }

    @Test
    void aSessionBelongsToTheTokenThatOpenedIt() {
        String alices = store.open("alice");
        store.refused(Forbidden.class, new Command.EndSession(alices, "bob", store.now()));
        store.refused(Forbidden.class, new Command.EndSession(alices, null, store.now()));
        store.refused(Forbidden.class, store.joining("app/db", "m1", alices, null, 0, "bob"));
        store.apply(store.joining("app/db", "m1", alices, null, 0, "alice"));
        store.refused(Forbidden.class, store.leaving("app/db", "m1", alices, "bob"));

        String anyones = store.open(null);
        store.apply(new Command.EndSession(anyones, "bob", store.now()));
        assertNull(store.coordination().session(anyones), "a session opened without access control is anyone's");
    }

    @Test
    void endingASessionTakesAllItsMembershipsInTheSameStep() {
        String ending = store.open();
        String staying = store.open();
        store.join("c", "m", ending, 0);
        store.join("b", "m", ending, 0);
        store.join("b", "other", staying, 0);
        store.join("a", "m", ending, 1);
        List<StoreState> published = new ArrayList<>();
        store.view.addListener((before, after) -> published.add(after));

        Outcome.SessionEnded ended = store.end(ending);
        assertEquals(1, published.size(), "one state for the whole step");
        assertEquals(List.of(group("a"), group("b"), group("c")), ended.groups().stream().map(Group::name).toList(),
                "in the order of the names, whatever the order of joining");
        assertEquals(List.of(), store.coordination().membershipsOf(ending));
        assertEquals(List.of(group("b")), store.coordination().groups().values().stream().map(Group::name).toList(),
                "a group nobody is in is not kept");
        assertEquals(List.of("other"), store.coordination().group(group("b")).members().stream().map(Member::name)
                .toList());
        assertEquals(List.of(new MemberRef(group("b"), "other")), store.coordination().membershipsOf(staying));
    }

    @Test
    void anExpiryDecidedByAnOlderLeaderIsDropped() {
        String session = store.open();
        store.join("app/leader", "m", session, 1);
        assertInstanceOf(Outcome.Recorded.class, store.apply(new Command.LeaderTerm(5, store.now())));
        assertEquals(5, store.coordination().term());
        store.unchanged(new Command.LeaderTerm(3, store.now()));
        store.unchanged(new Command.LeaderTerm(5, store.now()));
        assertEquals(5, store.coordination().term(), "the term only grows");

        store.unchanged(new Command.ExpireSession(session, 4, store.now()));
        assertNotNull(store.coordination().session(session));

        Outcome.SessionEnded expired = assertInstanceOf(Outcome.SessionEnded.class,
                store.apply(new Command.ExpireSession(session, 5, store.now())));
        assertEquals(session, expired.session().id());
        assertNull(store.coordination().session(session));
        assertEquals(List.of(), store.members("app/leader"), "its memberships went with it");
        store.unchanged(new Command.ExpireSession(session, 5, store.now()));
    }

    @Test
    void anExpiryNeedsNoOwnerAndATermNoOlderThanTheRecordedOne() {
        String session = store.open("alice");
        assertInstanceOf(Outcome.SessionEnded.class, store.apply(new Command.ExpireSession(session, 0, store.now())),
                "no term recorded yet: any leader's expiry stands, whoever opened the session");
    }

    @Test
    void aCheckpointRecordsTheRemainingTtlOfKnownSessionsWithinZeroAndTheTtl() {
        String a = store.open();
        String b = store.open();
        String c = store.open();
        Map<String, Duration> remaining = new LinkedHashMap<>();
        remaining.put(a, Duration.ofMillis(4200));
        remaining.put(b, Duration.ofMinutes(5));
        remaining.put(c, Duration.ofSeconds(-1));
        remaining.put("unknown", Duration.ofSeconds(3));
        assertInstanceOf(Outcome.Recorded.class, store.apply(new Command.CheckpointSessions(remaining, store.now())));
        assertEquals(Duration.ofMillis(4200), store.coordination().session(a).checkpoint());
        assertEquals(TTL, store.coordination().session(b).checkpoint(), "never more than the ttl");
        assertEquals(Duration.ZERO, store.coordination().session(c).checkpoint(), "never less than nothing");
        assertNull(store.coordination().session("unknown"), "an unknown id is ignored, not created");

        store.unchanged(new Command.CheckpointSessions(Map.of("unknown", Duration.ofSeconds(1)), store.now()));
        store.unchanged(new Command.CheckpointSessions(Map.of(a, Duration.ofMillis(4200)), store.now()));
    }

    /**
     * A command must cost what it touches, not the size of the state: 100,000 sessions open one
     * by one through the applier in a few seconds only because each copies a handful of small
     * arrays (a copied map would make this loop quadratic: 5 * 10^9 entry copies).
     */
    @Test
    void aHundredThousandSessionsFitAndEachCommandCostsWhatItTouches() {
        CoordinationFixture big = new CoordinationFixture();
        Coordination before = big.coordination();
        for (int i = 0; i < 100_000; i++) {
            big.apply(new Command.OpenSession("s" + i, null, TTL, null, big.now()));
        }
        assertEquals(100_000, big.coordination().sessions().size());
        assertEquals(0, before.sessions().size(), "the state before is untouched");
        big.refused(LimitExceeded.class, new Command.OpenSession("one-more", null, TTL, null, big.now()));
        big.end("s4711");
        assertNull(big.coordination().session("s4711"));
        assertNotNull(big.coordination().session("s4712"));
        assertEquals(99_999, big.coordination().sessions().size());
    }
}
