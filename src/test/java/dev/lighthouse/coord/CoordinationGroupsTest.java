package dev.lighthouse.coord;

import static dev.lighthouse.coord.CoordinationFixture.group;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.apply.Command;
import dev.lighthouse.apply.Outcome;
import dev.lighthouse.apply.StoreState;
import dev.lighthouse.error.Conflict;
import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.error.LimitExceeded;
import dev.lighthouse.error.NotFound;
import dev.lighthouse.error.ProblemType;
import dev.lighthouse.error.RequestRefused;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.NumberNode;
import dev.lighthouse.tree.StringNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ordered groups through the applier: ranks, holders, tokens, limits, idempotent joins and leaves. */
class CoordinationGroupsTest {

    private final CoordinationFixture store = new CoordinationFixture(new CoordinationLimits(100, 6, 16));

    @Test
    void membersRankInJoinOrderAndTheFirstLimitOnesHold() {
        String s1 = store.open();
        String s2 = store.open();
        String s3 = store.open();
        Outcome.Joined first = store.join("mysql", "db1", s1, 2);
        assertEquals(2, first.group().limit(), "the first member fixes the limit");
        assertEquals(1, first.member().token(), "the counter's first value");
        assertEquals(2, first.group().rev(), "the change takes the next one, after the tokens it gave");
        assertEquals(store.coordination().counter(), first.group().rev());
        store.join("mysql", "db2", s2, 0);
        Outcome.Joined third = store.join("mysql", "db3", s3, 2);

        assertEquals(List.of("db1:1", "db2:3", "db3:0"), store.members("mysql"));
        assertFalse(third.member().holder(), "past the limit a member waits");
        assertEquals(3, third.group().rank("db3"));
        assertEquals(5, third.group().rev());
        assertEquals(third.group(), store.coordination().group(group("mysql")));
        assertEquals(List.of(new MemberRef(group("mysql"), "db1")), store.coordination().membershipsOf(s1));
        assertEquals(store.now().minusSeconds(1), third.member().since());
    }

    @Test
    void withoutALimitEveryMemberHolds() {
        String session = store.open();
        store.join("pool", "a", session, 0);
        store.join("pool", "b", session, 0);
        store.join("pool", "c", session, 0);
        assertEquals(List.of("a:1", "b:3", "c:5"), store.members("pool"));
        assertEquals(0, store.coordination().group(group("pool")).limit());
    }

    @Test
    void joiningAgainKeepsRankAndTokenAndChangesTheValueOnlyWhenItDiffers() {
        String s1 = store.open();
        String s2 = store.open();
        store.join("srv/dm", "host1", s1, StringNode.of("v1"), 1);
        store.join("srv/dm", "host2", s2, StringNode.of("v1"), 1);
        long rev = store.coordination().group(group("srv/dm")).rev();

        StoreState before = store.state();
        Outcome.Joined retried = store.join("srv/dm", "host1", s1, StringNode.of("v1"), 1);
        assertSame(before, store.state(), "a retry with the same value changes nothing");
        assertEquals(1, retried.member().token());
        assertEquals(rev, retried.group().rev());

        Outcome.Joined updated = store.join("srv/dm", "host2", s2, NumberNode.of(2), 0);
        assertEquals(List.of("host1:1", "host2:0"), store.members("srv/dm"), "rank and token stay");
        assertEquals("2", updated.member().value().toJson());
        assertTrue(updated.group().rev() > rev, "a new value is a change");
        assertEquals(List.of(new MemberRef(group("srv/dm"), "host2")), store.coordination().membershipsOf(s2));
    }

    @Test
    void aMemberNameIsHeldByOneSessionAndAGroupHasOneLimitUntilItIsEmpty() {
        String s1 = store.open();
        String s2 = store.open();
        store.join("mysql", "db1", s1, 1);
        store.refused(Conflict.class, store.joining("mysql", "db1", s2, null, 1, null));
        store.refused(Conflict.class, store.joining("mysql", "db2", s2, null, 3, null));
        store.refused(Conflict.class, store.joining("mysql", "db1", s1, null, 2, null));
        store.join("mysql", "db2", s2, 0);
        assertEquals(1, store.coordination().group(group("mysql")).limit(), "a join naming no limit takes the group's");

        store.leave("mysql", "db1", s1);
        store.leave("mysql", "db2", s2);
        store.join("mysql", "db1", s1, 3);
        assertEquals(3, store.coordination().group(group("mysql")).limit(), "empty again, the next first member fixes it");
    }

    @Test
    void aGroupHoldsAsManyMembersAsTheLimitAllowsAndARejoinStillWorksWhenItIsFull() {
        String session = store.open();
        for (String member : List.of("a", "b", "c", "d", "e", "f")) {
            store.join("full", member, session, 0);
        }
        LimitExceeded full = store.refused(LimitExceeded.class, store.joining("full", "g", session, null, 0, null));
        assertEquals(Map.of("limit", 6L), full.extensions());
        store.join("full", "d", session, StringNode.of("new value"), 0);
        assertEquals(6, store.coordination().group(group("full")).members().size());
    }

    @Test
    void aValueLargerThanTheLimitIsRefusedWith413() {
        String session = store.open();
        RequestRefused large = store.refused(RequestRefused.class, store.joining("g", "m", session,
                StringNode.of("fifteen chars!!"), 0, null));
        assertEquals(ProblemType.PAYLOAD_TOO_LARGE, large.problem());
        store.join("g", "m", session, StringNode.of("fourteen chars"), 0);
        assertEquals(16, store.coordination().group(group("g")).member("m").value().toJson().length(),
                "exactly the limit, as compact JSON, is allowed");
    }

    @Test
    void badNamesAndLimitsAreInvalidInput() {
        String session = store.open();
        for (JsonPath bad : new JsonPath[] {JsonPath.ROOT, JsonPath.of("srv", "members"), JsonPath.of("members"),
                JsonPath.of("a", ""), JsonPath.of("."), JsonPath.of("a", ".."), JsonPath.of("nul\0")}) {
            store.refused(InvalidInput.class, new Command.JoinGroup(bad, "m", session, null, 0, null, store.now()));
            store.refused(InvalidInput.class, new Command.LeaveGroup(bad, "m", session, null, store.now()));
        }
        for (String bad : new String[] {"", ".", "..", "a\0b", null}) {
            store.refused(InvalidInput.class, store.joining("g", bad, session, null, 0, null));
        }
        store.refused(InvalidInput.class, store.joining("g", "m", session, null, -1, null));
        store.join("g", "members", session, 0);
        store.join("g", "a%2Fb", session, 0);
        assertEquals(List.of("members:1", "a%2Fb:3"), store.members("g"), "one segment, which may hold what a key may");
    }

    @Test
    void onlyALiveSessionCanJoin() {
        store.refused(NotFound.class, store.joining("g", "m", "no-such-session", null, 0, null));
        store.refused(NotFound.class, store.joining("g", "m", null, null, 0, null));
        String ended = store.open();
        store.end(ended);
        store.refused(NotFound.class, store.joining("g", "m", ended, null, 0, null));
    }

    @Test
    void leavingAGroupOneIsNotInChangesNothingAndAnotherSessionsMemberIsNotOursToRemove() {
        String s1 = store.open();
        String s2 = store.open();
        store.unchanged(store.leaving("g", "m", s1, null));
        store.join("g", "m", s1, 0);
        store.refused(Conflict.class, store.leaving("g", "m", s2, null));
        Outcome.Left left = store.leave("g", "m", s1);
        assertEquals("m", left.member().name());
        assertTrue(left.group().isEmpty());
        store.unchanged(store.leaving("g", "m", s1, null));
    }

    @Test
    void aGroupNobodyIsInReadsAsEmptyWithNoLimitAndRevZero() {
        String session = store.open();
        store.join("once", "m", session, 2);
        Outcome.Left left = store.leave("once", "m", session);
        Group empty = store.coordination().group(group("once"));
        assertEquals(Group.empty(group("once")), empty);
        assertEquals(List.of(), empty.members());
        assertEquals(0, empty.limit());
        assertEquals(0, empty.rev());
        assertEquals(empty, left.group());
        assertNull(store.coordination().groups().get(group("once")));
        assertEquals(List.of(), store.coordination().membershipsOf(session));
    }

    /**
     * The next waiting member is promoted in the same step a holder goes, whichever way it goes
     * (leaving, its session ended, its session expired), and every new holder's token is larger
     * than every token before it.
     */
    @Test
    void waitingMembersArePromotedInRankOrderWithEverLargerTokens() {
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sessions.add(store.open());
        }
        for (int i = 0; i < 6; i++) {
            store.join("sem", "m" + i, sessions.get(i), 2);
        }
        assertEquals(List.of("m0:1", "m1:3", "m2:0", "m3:0", "m4:0", "m5:0"), store.members("sem"));
        List<Long> tokens = new ArrayList<>(List.of(1L, 3L));

        Outcome.Left left = store.leave("sem", "m0", sessions.get(0));
        tokens.add(left.group().member("m2").token());
        assertEquals(List.of("m1", "m2"), holders());

        store.end(sessions.get(1));
        tokens.add(store.coordination().group(group("sem")).member("m3").token());
        assertEquals(List.of("m2", "m3"), holders());

        store.apply(new Command.LeaderTerm(2, store.now()));
        store.apply(new Command.ExpireSession(sessions.get(2), 2, store.now()));
        tokens.add(store.coordination().group(group("sem")).member("m4").token());
        assertEquals(List.of("m3", "m4"), holders());

        store.leave("sem", "m5", sessions.get(5));
        assertEquals(List.of("m3", "m4"), holders(), "a waiting member leaving promotes nobody");
        // Joins took 1..8 (m2..m5 waited: a rev each); then each step: the new holder's token, then the rev.
        assertEquals(List.of(1L, 3L, 9L, 11L, 13L), tokens, "one increment per new holder and per change");
        Group group = store.coordination().group(group("sem"));
        assertEquals(15, group.rev());
        assertEquals(store.coordination().counter(), group.rev());
        assertEquals(List.of("m3:11", "m4:13"), store.members("sem"));
    }

    /** Several members promoted by one change take their tokens in rank order. */
    @Test
    void membersPromotedTogetherTakeTokensInRankOrder() {
        String holder = store.open();
        String waiter = store.open();
        store.join("sem", "h1", holder, 2);
        store.join("sem", "h2", holder, 2);
        store.join("sem", "w1", waiter, 2);
        store.join("sem", "w2", waiter, 2);
        long counter = store.coordination().counter();
        store.end(holder);
        assertEquals(List.of("w1:" + (counter + 1), "w2:" + (counter + 2)), store.members("sem"));
        assertEquals(counter + 3, store.coordination().group(group("sem")).rev());
    }

    private List<String> holders() {
        return store.coordination().group(group("sem")).members().stream().filter(Member::holder).map(Member::name)
                .toList();
    }

    @Test
    void aGroupOfTenThousandMembersJoinsOneByOne() {
        CoordinationFixture big = new CoordinationFixture();
        String session = big.open();
        for (int i = 0; i < 10_000; i++) {
            big.apply(big.joining("big", "m" + i, session, null, 1, null));
        }
        Group group = big.coordination().group(group("big"));
        assertEquals(10_000, group.members().size());
        assertEquals(1, group.members().stream().filter(Member::holder).count());
        assertInstanceOf(Outcome.Failed.class, big.apply(big.joining("big", "one-more", session, null, 1, null)));
        big.leave("big", "m0", session);
        assertTrue(big.coordination().group(group("big")).member("m1").holder());
    }
}
