package dev.lighthouse.cluster;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.cluster.raft.LighthouseRaft;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.TestCluster;
import dev.lighthouse.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Members that fall behind: a follower restarted under a steady write load, and a node joining late. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatchUpIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Stock jgroups-raft never resends to a lagging member while writes keep arriving; this bounds the fix. */
    private static final Duration CATCH_UP = Duration.ofSeconds(10);

    @RegisterExtension
    static final TestCluster cluster = TestCluster.of(3);

    @Test
    @Order(1)
    void aFollowerRestartedWhileWritesContinueCatchesUpWithoutThemStopping() throws Exception {
        TestServer leader = cluster.leader(WAIT);
        int follower = cluster.index(cluster.follower(WAIT));
        Writer writer = new Writer(leader);
        writer.start();
        try {
            cluster.stop(follower);
            long stoppedAt = writer.committed.get();
            Await.until("200 commits while the follower is down", WAIT, () -> writer.committed.get() >= stoppedAt + 200);

            TestServer back = cluster.restart(follower);
            long target = leader.node().currentVersion().seq();
            Await.until("the restarted follower to reach seq " + target + " under load", CATCH_UP,
                    () -> back.node().currentVersion().seq() >= target);
            long caughtUpAt = writer.committed.get();
            Await.until("writes still flowing", WAIT, () -> writer.committed.get() > caughtUpAt + 10);
        } finally {
            writer.stop();
        }
        assertEquals(null, writer.failure.get(), "the writer's commits failed");
        cluster.awaitAllActive(WAIT);
        cluster.awaitConverged(leader, WAIT);
    }

    @Test
    @Order(2)
    void aNodeJoiningAfterTheLogWasTruncatedGetsTheWholeDocumentAndIs503UntilThen() throws Exception {
        TestServer leader = cluster.leader(WAIT);
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            big.append("x".repeat(1000));
        }
        for (int i = 0; i < 20; i++) {
            leader.http().contentType("application/merge-patch+json")
                    .body("{\"bulk\":{\"k" + i + "\":\"" + big + "\"}}").patch("/data").then().statusCode(200);
        }
        LighthouseRaft raft = leader.node().cluster().raft();
        raft.snapshots().syncAndSnapshot();
        long logStart = raft.log().firstAppended();
        assertTrue(logStart > 20, "the leader's log still starts at " + logStart);

        List<TestServer> members = cluster.running();
        List<Faults.RaftGate> gates = new ArrayList<>();
        for (TestServer member : members) {
            gates.add(Faults.RaftGate.install(member, members));
        }
        TestServer joiner = cluster.add();
        try {
            joiner.http().get("/data/bulk").then().statusCode(503).body("type", equalTo("/problems/not-serving"))
                    .body("status", equalTo(503)).body("state", equalTo("joining"));
            joiner.http().get("/health").then().statusCode(503).body("status", equalTo("joining"));
        } finally {
            gates.forEach(Faults.RaftGate::open);
        }
        Await.until("the joiner to serve", WAIT, () -> joiner.node().cluster().state().text().equals("active"));
        cluster.awaitConverged(leader, WAIT);
        String checksum = leader.http().get("/version").then().statusCode(200).extract().path("checksum");
        joiner.http().get("/data/bulk/k19").then().statusCode(200).header("X-Lighthouse-Checksum", equalTo(checksum));
        assertEquals(List.of("node1", "node2", "node3", "node4"),
                joiner.node().cluster().raft().members().stream().sorted().toList());
    }

    /** The node that joined by snapshot (node4) restarts from what it installed and stays current. */
    @Test
    @Order(3)
    void aNodeThatJoinedBySnapshotRestarts() throws Exception {
        TestServer leader = cluster.leader(WAIT);
        TestServer back = cluster.restart(4);
        Await.until("node4 to serve again", WAIT, () -> back.node().cluster().state().text().equals("active"));
        leader.http().contentType("application/merge-patch+json").body("{\"afterRejoin\":true}").patch("/data")
                .then().statusCode(200);
        cluster.awaitConverged(leader, WAIT);
    }

    /** Commits through one node as fast as it answers, pausing a couple of milliseconds between writes. */
    private static final class Writer {
        final AtomicLong committed = new AtomicLong();
        final AtomicReference<String> failure = new AtomicReference<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Writer(TestServer target) {
            thread = new Thread(() -> {
                long i = 0;
                while (running.get()) {
                    int status = target.http().contentType("application/merge-patch+json")
                            .body("{\"load\":{\"n\":" + i++ + "}}").patch("/data").statusCode();
                    if (status == 200) {
                        committed.incrementAndGet();
                    } else {
                        failure.compareAndSet(null, "status " + status + " at write " + i);
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                }
            }, "catch-up-test-writer");
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }
}
