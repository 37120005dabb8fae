package dev.lighthouse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.TestCluster;
import dev.lighthouse.testing.TestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A member restarted without --seeds finds its peers from the member list it kept in data.d. */
class RestartIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final TestCluster cluster = TestCluster.of(3);

    @Test
    void aMemberRestartedWithoutSeedsRejoinsFromItsMemberListAndCatchesUp() throws Exception {
        TestServer leader = cluster.leader(WAIT);
        int other = cluster.index(cluster.running().stream().filter(n -> n != leader).findFirst().orElseThrow());
        cluster.stop(other);
        for (int i = 0; i < 5; i++) {
            leader.http().contentType("application/merge-patch+json").body("{\"while-away\":" + i + "}")
                    .patch("/data").then().statusCode(200);
        }
        TestServer back = cluster.restart(other,
                config -> config.withCluster(config.name(), config.clusterPort(), List.of(), false));
        Await.until("the restarted member active", WAIT, () -> back.node().cluster().state() == NodeState.ACTIVE);
        cluster.awaitConverged(leader, WAIT);
        assertEquals("4", back.http().get("/data/while-away").asString().strip());
        Await.until("all three active in the restarted member's /cluster", WAIT, () -> back.node().cluster().view()
                .members().stream().filter(m -> m.state().equals("active")).count() == 3);
    }

    /**
     * A clean stop truncates the log behind a snapshot, so a restarted member learns the membership
     * from the snapshot alone. It must count a majority of all three, never of the one it started
     * with: otherwise, elected while the others are away, it commits writes by itself.
     */
    @Test
    void aMemberRestartedFromASnapshotNeedsAMajorityOfAll() throws Exception {
        TestServer leader = cluster.leader(WAIT);
        int other = cluster.index(cluster.running().stream().filter(n -> n != leader).findFirst().orElseThrow());
        leader.http().contentType("application/merge-patch+json").body("{\"before-restart\":1}")
                .patch("/data").then().statusCode(200);
        cluster.awaitConverged(leader, WAIT);
        TestServer back = cluster.restart(other);
        assertTrue(back.node().cluster().raft().log().firstAppended() > 1, "the log was truncated at the stop");
        assertEquals(3, back.node().cluster().raft().members().size());
        assertEquals(2, back.node().cluster().raft().majority(), "majority of three members");
    }
}
