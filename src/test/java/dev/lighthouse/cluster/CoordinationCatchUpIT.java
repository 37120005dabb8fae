package dev.lighthouse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.apply.Outcome;
import dev.lighthouse.apply.StoreState;
import dev.lighthouse.coord.Member;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.Coordinate;
import dev.lighthouse.testing.CoordinationDump;
import dev.lighthouse.testing.CrashImage;
import dev.lighthouse.testing.TestCluster;
import dev.lighthouse.testing.TestServer;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.NumberNode;
import dev.lighthouse.tree.StringNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sessions and groups on every member alike after a member comes back: one that fell behind the
 * leader's truncated log gets them with the snapshot, one killed and restarted replays them from
 * its own snapshot and log. Same sessions, ranks, tokens, revs, times, counter and term, and the same
 * document: no coordination command ever makes a version.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CoordinationCatchUpIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DB = "app/db";

    @RegisterExtension
    static final TestCluster cluster = TestCluster.of(3);

    private static StoreState state(TestServer node) {
        return node.node().cluster().stateView().state();
    }

    private static String everything(TestServer node) {
        StoreState state = state(node);
        return CoordinationDump.of(state.coordination()) + "\nversion " + state.current().seq() + " "
                + state.current().checksum();
    }

    /** Waits until every running member holds exactly the reference's sessions, groups and version. */
    private static void awaitSameEverywhere(TestServer reference) {
        Await.until("every member with the same sessions, groups and version", WAIT, () -> {
            String expected = everything(reference);
            return cluster.running().stream().allMatch(node -> everything(node).equals(expected));
        });
    }

    @Test
    @Order(1)
    void aMemberBehindTheTruncatedLogGetsTheSessionsAndGroupsWithTheSnapshot() throws Exception {
        TestServer leader = cluster.leader(WAIT);
        Coordinate c = Coordinate.through(leader.node().cluster().commandLog());
        String a = c.open("web1", Duration.ofSeconds(10));
        String b = c.open(null, Duration.ofMinutes(5));
        String d = c.open("web3", Duration.ofMillis(12_345));
        c.join(DB, "m1", a, StringNode.of("one"), 2);
        c.join(DB, "m2", b, NumberNode.of(2), 2);
        c.join(DB, "m3", d, null, 2);
        c.join("srv/dm", "host1", a, StringNode.of("h1"), 0);
        c.patch("x", 1, null);
        awaitSameEverywhere(leader);

        int away = cluster.index(cluster.follower(WAIT));
        long awayUpTo = cluster.node(away).node().cluster().raft().log().lastAppended();
        cluster.stop(away);
        String e = c.open("web5", Duration.ofSeconds(30));
        c.join(DB, "m4", e, null, 2);
        c.end(a);
        Member promoted = state(leader).coordination().group(JsonPath.fromUrl(DB)).member("m3");
        assertTrue(promoted.holder(), "m3 took m1's place");
        assertInstanceOf(Outcome.Committed.class, c.patch("fenced", 1, Coordinate.fence(DB, "m3", promoted.token())));
        c.checkpoint(Map.of(b, Duration.ofSeconds(100)));
        c.term(9);
        c.patch("y", 2, null);
        leader.node().cluster().raft().snapshots().syncAndSnapshot();
        long logStart = leader.node().cluster().raft().log().firstAppended();
        assertTrue(logStart > awayUpTo, "the leader's log (from " + logStart + ") no longer holds what the stopped"
                + " member lacks (after " + awayUpTo + ")");

        TestServer back = cluster.restart(away);
        Await.until("the member back active", WAIT, () -> back.node().cluster().state() == NodeState.ACTIVE);
        awaitSameEverywhere(leader);
        assertTrue(back.node().cluster().raft().log().firstAppended() >= logStart,
                "the member caught up by the leader's snapshot, its log starting after it");
        assertEquals(9, state(back).coordination().term());
    }

    /**
     * A follower killed (its data.d and log as they were, the log untruncated since its own
     * snapshot in the middle) replays its log on top of that snapshot to the others' state.
     */
    @Test
    @Order(2)
    void aFollowerKilledAndRestartedReplaysToTheSameSessionsAndGroups() throws Exception {
        TestServer leader = cluster.leader(WAIT);
        Coordinate c = Coordinate.through(leader.node().cluster().commandLog());
        int killed = cluster.index(cluster.follower(WAIT));
        String f = c.open("web6", Duration.ofSeconds(40));
        c.join("srv/dm", "host6", f, StringNode.of("h6"), 0);
        c.patch("z", 1, null);
        awaitSameEverywhere(leader);
        cluster.node(killed).node().cluster().raft().snapshotAsync().get();
        c.join(DB, "m6", f, null, 2);
        c.leave(DB, "m2", state(leader).coordination().group(JsonPath.fromUrl(DB)).member("m2").session());
        c.patch("z", 2, null);
        c.open("web7", Duration.ofSeconds(10));
        awaitSameEverywhere(leader);
        Path image = cluster.dataDir(killed).resolveSibling("image" + killed);
        CrashImage.take(cluster.dataDir(killed), image);
        cluster.stop(killed);
        CrashImage.restore(image, cluster.dataDir(killed));

        TestServer back = cluster.restart(killed);
        Await.until("the follower back active", WAIT, () -> back.node().cluster().state() == NodeState.ACTIVE);
        awaitSameEverywhere(leader);

        // And it goes on alike: the same promotions and tokens as the others.
        c.end(f);
        awaitSameEverywhere(leader);
    }
}
