package dev.lighthouse.cluster;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.lighthouse.config.Limits;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.TestCluster;
import dev.lighthouse.testing.TestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Traffic dropped between the leader and the rest (DISCARD), then restored. */
class PartitionIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final TestCluster cluster = TestCluster.of(3)
            .configure(config -> config.withLimits(Limits.DEFAULT.withWriteTimeout(Duration.ofSeconds(2))));

    @Test
    void theMajoritySideCommitsAndAfterTheHealEveryNodeHasItsVersionsAndNoneOfTheMinoritys() throws Exception {
        TestServer isolated = cluster.leader(WAIT);
        List<TestServer> majority = cluster.running().stream().filter(n -> n != isolated).toList();
        Faults.partition(List.of(isolated), majority);
        try {
            isolated.http().contentType("application/merge-patch+json").body("{\"partition\":{\"minority\":true}}")
                    .patch("/data").then().statusCode(503).body("outcome", oneOf("not-applied", "unknown"));

            TestServer[] next = new TestServer[1];
            Await.until("a leader on the majority side", WAIT, () -> {
                for (TestServer node : majority) {
                    if (node.node().cluster().isLeader()) {
                        next[0] = node;
                        return true;
                    }
                }
                return false;
            });
            assertNotSame(isolated, next[0]);
            for (TestServer node : majority) {
                node.http().contentType("application/merge-patch+json")
                        .body("{\"partition\":{\"" + node.node().cluster().name() + "\":true}}")
                        .patch("/data").then().statusCode(200);
            }
            // Cut off from the majority, the old leader must stop calling itself current, yet keep serving reads.
            Await.until("the isolated node's /health to say no-quorum", WAIT, () ->
                    isolated.http().get("/health").statusCode() == 503);
            isolated.http().get("/health").then().body("status", equalTo("no-quorum"));
            isolated.http().get("/data/").then().statusCode(200);
        } finally {
            Faults.heal(cluster.running());
        }

        cluster.awaitAllActive(WAIT);
        TestServer leader = cluster.leader(WAIT);
        cluster.awaitConverged(leader, WAIT);
        for (TestServer node : cluster.running()) {
            for (TestServer writer : majority) {
                node.http().get("/data/partition/" + writer.node().cluster().name()).then().statusCode(200);
            }
            node.http().get("/data/partition/minority").then().statusCode(404);
            node.http().get("/health").then().statusCode(200).body("status", equalTo("active"));
        }
        leader.http().contentType("application/merge-patch+json").body("{\"partition\":{\"healed\":true}}")
                .patch("/data").then().statusCode(200);
        cluster.awaitConverged(leader, WAIT);
    }
}
