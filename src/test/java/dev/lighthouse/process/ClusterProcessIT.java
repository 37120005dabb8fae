package dev.lighthouse.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.ProcessCluster;
import dev.lighthouse.testing.ServerProcess;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real bin/lighthouse processes: the leader dies by SIGKILL, the survivors elect another
 * and keep committing, and the dead node, restarted with its original flags, catches up.
 */
class ClusterProcessIT {

    @TempDir
    Path temp;

    @Test
    void aKilledLeaderIsReplacedAndCatchesUpAfterRestart() throws Exception {
        Path logs = ServerProcess.home().resolve("target/cluster-logs/ClusterProcessIT");
        try (ProcessCluster cluster = ProcessCluster.start(3, temp, logs)) {
            cluster.awaitAllActive(Duration.ofSeconds(60));
            AtomicReference<Integer> leader = new AtomicReference<>(-1);
            Await.until("a leader every node can name", Duration.ofSeconds(30), () -> {
                leader.set(cluster.leader());
                return leader.get() >= 0;
            });
            int killed = leader.get();
            int survivor = (killed + 1) % 3;

            // Before the kill, so the killed node has something to keep as well as something to catch up on.
            Response before = Api.send(cluster.http(survivor), "PATCH", "/data/", Api.MERGE,
                    "{\"before\":\"kill\"}");
            assertEquals(200, before.statusCode(), Api.text(before));

            cluster.kill(killed);

            // Until the survivors notice and elect, a write fails (503) or is not answered; both are retried.
            AtomicReference<Response> committed = new AtomicReference<>();
            AtomicReference<String> lastFailure = new AtomicReference<>("none");
            Await.until("a commit through " + ProcessCluster.name(survivor) + " after the leader died",
                    Duration.ofSeconds(45), () -> {
                        try {
                            Response reply = Api.send(cluster.http(survivor), "PATCH", "/data/", Api.MERGE,
                                    "{\"after\":\"failover\"}");
                            if (reply.statusCode() == 200) {
                                committed.set(reply);
                                return true;
                            }
                            lastFailure.set(reply.statusCode() + " " + Api.text(reply));
                        } catch (Exception e) {
                            lastFailure.set(e.toString());
                        }
                        return false;
                    });
            JsonNode commit = ProcessCluster.json(Api.text(committed.get())).path("committed");
            long seq = commit.path("seq").asLong(-1);
            assertTrue(seq > 0, Api.text(committed.get()));
            int newLeader = cluster.leader();
            assertTrue(newLeader >= 0 && newLeader != killed, "new leader " + newLeader + ", killed " + killed);

            cluster.restart(killed);
            AtomicReference<List<ProcessCluster.Snapshot>> last = new AtomicReference<>();
            try {
                Await.until("all three nodes at one seq and checksum, holding the commit", Duration.ofSeconds(60),
                        () -> {
                            List<ProcessCluster.Snapshot> all = cluster.readAll();
                            last.set(all);
                            return ProcessCluster.converged(all) && all.get(0).seq() >= seq && all.stream()
                                    .allMatch(s -> "failover".equals(s.document().path("after").asText())
                                            && "kill".equals(s.document().path("before").asText()));
                        });
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; last reads: " + last.get()
                        + "; logs in " + logs, e);
            }
            cluster.awaitAllActive(Duration.ofSeconds(30));
            assertNotNull(last.get());
        }
    }

    /**
     * Operators start the nodes of a new cluster in any order; a joiner started before the
     * bootstrap node must wait for it, not keep the cluster from ever electing a leader.
     */
    @Test
    void nodesStartedBeforeTheBootstrapNodeStillFormOneClusterWithALeader() throws Exception {
        Path logs = ServerProcess.home().resolve("target/cluster-logs/ClusterProcessIT-order");
        try (ProcessCluster cluster = ProcessCluster.start(3, temp, logs, 2, 1, 0)) {
            cluster.awaitAllActive(Duration.ofSeconds(60));
            Response write = Api.send(cluster.http(2), "PATCH", "/data/", Api.MERGE, "{\"order\":\"any\"}");
            assertEquals(200, write.statusCode(), Api.text(write));
        }
    }

    /**
     * Any two of three nodes are a majority, whichever two. After the leadership has moved off the
     * bootstrap node, the bootstrap node and the new leader must still commit without the third.
     */
    @Test
    void theBootstrapNodeCountsTowardsTheMajorityAfterLeadershipMoved() throws Exception {
        Path logs = ServerProcess.home().resolve("target/cluster-logs/ClusterProcessIT-majority");
        try (ProcessCluster cluster = ProcessCluster.start(3, temp, logs)) {
            cluster.awaitAllActive(Duration.ofSeconds(60));
            cluster.kill(0);
            AtomicReference<Integer> leader = new AtomicReference<>(-1);
            Await.until("a new leader among node2 and node3", Duration.ofSeconds(30), () -> {
                leader.set(cluster.leader());
                return leader.get() > 0;
            });
            cluster.restart(0);
            cluster.awaitAllActive(Duration.ofSeconds(60));
            int third = leader.get() == 1 ? 2 : 1;
            cluster.kill(third);
            AtomicReference<String> lastFailure = new AtomicReference<>("none");
            try {
                Await.until("a commit with node1 and " + ProcessCluster.name(leader.get()) + " up",
                        Duration.ofSeconds(45), () -> {
                            try {
                                Response reply = Api.send(cluster.http(0), "PATCH", "/data/", Api.MERGE,
                                        "{\"majority\":\"any two\"}");
                                lastFailure.set(reply.statusCode() + " " + Api.text(reply));
                                return reply.statusCode() == 200;
                            } catch (Exception e) {
                                lastFailure.set(e.toString());
                                return false;
                            }
                        });
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; last reply: " + lastFailure.get(), e);
            }
        }
    }
}
