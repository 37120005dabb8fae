package dev.lighthouse.cluster;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.TestCluster;
import dev.lighthouse.testing.TestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DELETE /cluster/members/{name}: a stopped member is removed and the other two carry on as a majority. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MembershipIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final TestCluster cluster = TestCluster.of(3);

    @Test
    @Order(1)
    void aRemovedMemberDisappearsAndTheRemainingTwoStillCommit() throws Exception {
        cluster.stop(3);
        TestServer follower = cluster.follower(WAIT);
        follower.http().delete("/cluster/members/node3").then().statusCode(200);

        for (TestServer node : cluster.running()) {
            Await.until("node3 gone from /cluster on " + node.node().cluster().name(), WAIT, () ->
                    !node.http().get("/cluster").then().statusCode(200).extract().<List<String>>path("members.name")
                            .contains("node3"));
            assertEquals(List.of("node1", "node2"), node.node().cluster().raft().members().stream().sorted().toList());
        }
        follower.http().contentType("application/merge-patch+json").body("{\"afterRemoval\":true}")
                .patch("/data").then().statusCode(200);
        cluster.awaitConverged(follower, WAIT);
        follower.http().get("/cluster").then().body("members.name", not(hasItem("node3")));
    }

    /** Runs after node3's removal: node1 and node2 are the members, both running. */
    @Test
    @Order(2)
    void aRunningMemberThatWasRemovedStaysOut() {
        TestServer node1 = cluster.node(1);
        TestServer node2 = cluster.node(2);
        node1.http().delete("/cluster/members/node2").then().statusCode(200);
        Await.until("node2 out of node1's members", WAIT,
                () -> node1.node().cluster().raft().members().equals(List.of("node1")));
        // A few of node2's status rounds (every 0.5 s): it must not be added back on its own.
        assertThrows(AssertionError.class, () -> Await.until("node2 back among the members", Duration.ofSeconds(3),
                () -> node1.node().cluster().raft().members().contains("node2")));
    }
}
