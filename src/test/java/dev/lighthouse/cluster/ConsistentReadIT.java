package dev.lighthouse.cluster;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.cluster.raft.LighthouseRaft;
import dev.lighthouse.cluster.raft.ReadIndex;
import dev.lighthouse.config.Limits;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.TestCluster;
import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ?consistent=true} on three real nodes in this JVM: what the read index promises, what it
 * costs (rounds shared by concurrent reads), and that it never commits anything itself. The whole
 * history under a paused leader is checked by {@code LinearizableReadsIT}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsistentReadIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MERGE = "application/merge-patch+json";

    @RegisterExtension
    static final TestCluster cluster = TestCluster.of(3)
            .configure(config -> config.withLimits(Limits.DEFAULT.withWriteTimeout(Duration.ofSeconds(2))));

    /**
     * Each client writes through the leader and then reads the same key on a follower: the read must
     * see the write the leader acknowledged, however far the follower has got with applying it.
     */
    @Test
    @Order(1)
    void aReadOnAFollowerSeesEveryWriteAcknowledgedBeforeIt() throws Exception {
        TestServer leader = cluster.leader(WAIT);
        TestServer follower = cluster.follower(WAIT);
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        runClients(8, client -> {
            for (int i = 1; i <= 25; i++) {
                Response write = leader.http().contentType(MERGE).body("{\"ryw\":{\"c" + client + "\":" + i + "}}")
                        .patch("/data");
                assertEquals(200, write.statusCode(), write.asString());
                Response read = follower.http().get("/data/ryw/c" + client + "?consistent=true");
                if (read.statusCode() != 200 || !read.asString().strip().equals(String.valueOf(i))) {
                    wrong.add("client " + client + " wrote " + i + ", then read " + read.statusCode() + " "
                            + read.asString().strip());
                }
            }
        });
        assertEquals(List.of(), List.copyOf(wrong));
    }

    /**
     * Reads that arrive while a confirmation round is in flight wait for the next round together: with
     * the followers' answers held back until sixteen reads wait (half on the leader, half on a
     * follower), a handful of rounds confirms them all, not one round per read.
     */
    @Test
    @Order(2)
    void readsArrivingDuringARoundShareTheNextOne() throws Exception {
        TestServer leader = cluster.leader(WAIT);
        TestServer follower = cluster.follower(WAIT);
        leader.http().contentType(MERGE).body("{\"shared\":7}").patch("/data").then().statusCode(200);
        List<TestServer> followers = cluster.running().stream().filter(n -> n != leader).toList();
        List<Faults.ProbeAnswerGate> gates = new ArrayList<>();
        for (TestServer node : followers) {
            gates.add(Faults.ProbeAnswerGate.install(node));
        }
        ReadIndex readIndex = leader.node().cluster().raft().readIndex();
        long roundsBefore = readIndex.roundsSent();
        int clients = 16;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<String>> reads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                TestServer node = c % 2 == 0 ? leader : follower;
                reads.add(pool.submit(() -> {
                    Response read = node.http().get("/data/shared?consistent=true");
                    return read.statusCode() + " " + read.asString().strip();
                }));
            }
            Await.until("sixteen reads waiting for an index", WAIT, () ->
                    leader.node().cluster().readIndexClient().waiting()
                            + follower.node().cluster().readIndexClient().waiting() == clients);
            gates.forEach(Faults.ProbeAnswerGate::open);
            for (Future<String> read : reads) {
                assertEquals("200 7", read.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            }
        } finally {
            gates.forEach(Faults.ProbeAnswerGate::open);
            pool.shutdownNow();
        }
        long rounds = readIndex.roundsSent() - roundsBefore;
        // One round per batch (a few batches: each node's first read goes alone), plus one every
        // 100 ms while the answers were held back.
        assertTrue(rounds >= 1 && rounds <= 8, rounds + " confirmation rounds for " + clients + " reads");
    }

    /**
     * jgroups-raft's own read-only requests made a leader commit, apply and acknowledge whatever it had
     * appended, majority or not, whenever a batch held nothing but such requests. A leader cut off from
     * the others must instead fail the consistent read (503) and leave its appended write uncommitted.
     */
    @Test
    @Order(3) // last: the cluster takes a while to settle after the partition heals
    void aLeaderCutOffFromTheOthersAnswersNoConsistentReadAndCommitsNothingOnItsOwn() throws Exception {
        TestServer isolated = cluster.leader(WAIT);
        List<TestServer> others = cluster.running().stream().filter(n -> n != isolated).toList();
        LighthouseRaft raft = isolated.node().cluster().raft();
        long seqBefore = isolated.node().currentVersion().seq();
        long appendedBefore = raft.lastAppended();
        Faults.partition(List.of(isolated), others);
        try {
            CompletableFuture<Integer> write = CompletableFuture.supplyAsync(() -> isolated.http().contentType(MERGE)
                    .body("{\"cutOff\":true}").patch("/data").statusCode());
            Await.until("the cut-off leader to append the write", WAIT, () -> raft.lastAppended() > appendedBefore);

            isolated.http().get("/data/?consistent=true").then().statusCode(503)
                    .body("type", equalTo("/problems/unavailable"));

            assertEquals(503, write.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(seqBefore, isolated.node().currentVersion().seq(), "the cut-off leader applied the write");
        } finally {
            Faults.heal(cluster.running());
        }
        cluster.awaitAllActive(WAIT);
        cluster.awaitConverged(cluster.leader(WAIT), WAIT);
    }

    private interface Client {
        void run(int client) throws Exception;
    }

    private static void runClients(int count, Client body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < count; c++) {
                int client = c;
                running.add(pool.submit(() -> {
                    body.run(client);
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
