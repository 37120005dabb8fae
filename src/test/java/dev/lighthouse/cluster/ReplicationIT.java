package dev.lighthouse.cluster;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.EventStreamClient;
import dev.lighthouse.testing.TestCluster;
import dev.lighthouse.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Three nodes on loopback: one leader, writes through any member, the same versions everywhere. */
class ReplicationIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final TestCluster cluster = TestCluster.of(3);

    @Test
    void exactlyOneLeaderAndEveryNodeAgreesWhoItIs() {
        TestServer leader = cluster.leader(WAIT);
        String name = leader.node().cluster().name();
        for (TestServer node : cluster.running()) {
            node.http().get("/cluster").then().statusCode(200)
                    .body("leader", equalTo(name))
                    .body("members.name", hasItems("node1", "node2", "node3"))
                    .body("members.state", hasItems("active"));
        }
        assertEquals(1, cluster.running().stream().filter(n -> n.node().cluster().isLeader()).count());
    }

    @Test
    void everyReplicaCountsAllThreeAsMembers() {
        Await.until("every node lists three active members", WAIT, () -> cluster.running().stream().allMatch(node ->
                node.node().cluster().view().members().stream().filter(m -> m.state().equals("active")).count() == 3));
    }

    @Test
    void aCommitOnTheLeaderReachesEveryReplica() {
        TestServer leader = cluster.leader(WAIT);
        leader.http().contentType("application/merge-patch+json").body("{\"replicated\":\"from-leader\"}")
                .patch("/data").then().statusCode(200);
        cluster.awaitConverged(leader, WAIT);
        for (TestServer node : cluster.running()) {
            assertEquals("\"from-leader\"", raw(node, "/data/replicated"));
        }
    }

    /** Each replica wakes its own watchers from the versions it applies. */
    @Test
    void watchersOnEveryReplicaAreToldOfACommitMadeOnTheLeader() throws Exception {
        TestServer leader = cluster.leader(WAIT);
        List<EventStreamClient> streams = new ArrayList<>();
        try {
            for (TestServer node : cluster.running()) {
                EventStreamClient stream = EventStreamClient.open(node.url() + "/watch/watched", null);
                streams.add(stream);
                assertEquals("absent", stream.next(WAIT).name());
            }
            String seq = leader.http().contentType("application/merge-patch+json").body("{\"watched\":\"yes\"}")
                    .patch("/data").then().statusCode(200).extract().path("committed.seq").toString();
            for (EventStreamClient stream : streams) {
                EventStreamClient.Event event = stream.next(WAIT);
                assertEquals(seq, event.id());
                assertEquals("\"yes\"", event.data());
            }
        } finally {
            streams.forEach(EventStreamClient::close);
        }
    }

    @Test
    void aWriteOnAFollowerIsForwardedAndVisibleThereWhenItAnswers() {
        TestServer follower = cluster.follower(WAIT);
        String seq = follower.http().contentType("application/merge-patch+json").body("{\"forwarded\":42}")
                .patch("/data").then().statusCode(200).extract().path("committed.seq").toString();
        // Read-your-writes on the node that answered: no waiting.
        follower.http().get("/data/forwarded").then().statusCode(200).header("X-Lighthouse-Seq", equalTo(seq));
        assertEquals("42", raw(follower, "/data/forwarded"));
        cluster.awaitConverged(follower, WAIT);
    }

    @Test
    void theLockAndStagedEditsWorkThroughAFollower() {
        TestServer follower = cluster.follower(WAIT);
        follower.http().contentType("application/json").body("{\"name\":\"deploy\",\"locked\":true}")
                .put("/lock").then().statusCode(200);
        follower.http().contentType("application/json").body("\"v2\"").put("/update/deploy/app/version")
                .then().statusCode(200);
        cluster.leader(WAIT).http().get("/lock").then().statusCode(200).body("name", equalTo("deploy"));
        follower.http().contentType("application/json").body("{\"name\":\"deploy\",\"locked\":false}")
                .put("/lock").then().statusCode(200).body("committed.changed", hasItems("/app"));
        cluster.awaitConverged(follower, WAIT);
        assertEquals("\"v2\"", raw(cluster.leader(WAIT), "/data/app/version"));
    }

    @Test
    void aConsistentReadOnAFollowerSeesTheLatestCommit() {
        TestServer leader = cluster.leader(WAIT);
        TestServer follower = cluster.follower(WAIT);
        leader.http().contentType("application/merge-patch+json").body("{\"fresh\":\"yes\"}")
                .patch("/data").then().statusCode(200);
        assertEquals("\"yes\"", raw(follower, "/data/fresh?consistent=true"));
    }

    private static String raw(TestServer node, String path) {
        return node.http().get(path).then().statusCode(200).extract().asString().strip();
    }
}
