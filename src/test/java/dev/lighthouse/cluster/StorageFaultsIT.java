package dev.lighthouse.cluster;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.config.Limits;
import dev.lighthouse.store.StorageHealth;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.SmallDisk;
import dev.lighthouse.testing.TestCluster;
import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk at the moments that are not a plain commit: while a Raft snapshot is written,
 * while hooks.json is written, and on a follower. Each test fills a real (tmpfs) disk, checks
 * that writes are refused and nothing half-done is left, gives the space back, and checks that
 * the node resumes by itself with nothing acknowledged lost.
 */
class StorageFaultsIT {

    private static final String MERGE = "application/merge-patch+json";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    @Test
    void aSnapshotThatCannotBeWrittenHoldsWritesBackUntilTheDiskHasRoom() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(temp.resolve("disk"), 32L * 1024 * 1024);
             TestServer server = TestServer.start(disk.path().resolve("data.d"))) {
            StorageHealth storage = server.node().cluster().storage();
            Await.until("the node leading", WAIT, server.node().cluster()::isLeader);
            patch(server, "{\"before\":1}").then().statusCode(200);
            disk.fill();
            server.node().cluster().raft().snapshots().syncAndSnapshot();
            assertTrue(storage.isFailing(StorageHealth.Part.RAFT_SNAPSHOT), "the snapshot could not be written");
            patch(server, "{\"during\":1}").then().statusCode(507).body("outcome", equalTo("not-applied"));
            assertEquals("1", server.http().get("/data/before").then().statusCode(200).extract().asString().strip(),
                    "reads go on");
            disk.free();
            Await.until("the snapshot written once there is room", WAIT, () -> !storage.isFailing());
            patch(server, "{\"after\":1}").then().statusCode(200);
            server.restart();
            server.http().get("/data/").then().statusCode(200).body("before", equalTo(1)).body("after", equalTo(1))
                    .body("during", equalTo(null));
        }
    }

    @Test
    void aSnapshotThatDoesNotVerifyAtStartIsReplacedByDataDirAndTheLog() throws Exception {
        Path dataDir = temp.resolve("data.d");
        try (TestServer server = TestServer.start(dataDir)) {
            Await.until("the node leading", WAIT, server.node().cluster()::isLeader);
            for (int n = 1; n <= 5; n++) {
                patch(server, "{\"n\":" + n + "}").then().statusCode(200);
            }
            server.node().cluster().raft().snapshots().syncAndSnapshot();
            assertTrue(server.node().cluster().raft().log().firstAppended() > 1, "the log no longer starts at 1");
            server.node().close();
            Path snapshot;
            try (var logs = Files.list(dataDir.resolve("cluster"))) {
                snapshot = logs.filter(Files::isDirectory).findFirst().orElseThrow().resolve("snapshot");
            }
            byte[] bytes = Files.readAllBytes(snapshot);
            bytes[bytes.length - 1] ^= 0x10;
            Files.write(snapshot, bytes);
            server.restart();
            Await.until("the node leading again", WAIT, server.node().cluster()::isLeader);
            assertEquals("5", server.http().get("/data/n").then().statusCode(200).extract().asString().strip());
            patch(server, "{\"n\":6}").then().statusCode(200);
        }
    }

    @Test
    void aHookRegisteredAsTheDiskFillsIsKeptAndWrittenOnceThereIsRoom() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(temp.resolve("disk"), 32L * 1024 * 1024);
             TestServer server = TestServer.start(disk.path().resolve("data.d"))) {
            StorageHealth storage = server.node().cluster().storage();
            Await.until("the node leading", WAIT, server.node().cluster()::isLeader);
            disk.fill();
            // The Raft log has room (its segment was filled with zeros beforehand); hooks.json does not.
            server.http().contentType("application/json")
                    .body("{\"name\":\"h1\",\"path\":\"/app\",\"url\":\"http://127.0.0.1:9/hook\"}")
                    .post("/hooks").then().statusCode(201);
            Await.until("hooks.json failing", WAIT, () -> storage.isFailing(StorageHealth.Part.HOOKS));
            server.http().get("/hooks/h1").then().statusCode(200);
            patch(server, "{\"app\":1}").then().statusCode(507);
            server.http().get("/health").then().statusCode(503).body("status", equalTo("storage-failing"));
            disk.free();
            Await.until("hooks.json written", WAIT, () -> !storage.isFailing());
            assertTrue(Files.readString(server.dataDir().resolve("hooks.json")).contains("\"h1\""));
            server.restart();
            server.http().get("/hooks/h1").then().statusCode(200).body("path", equalTo("/app"));
        }
    }

    /** Three nodes, node3's data.d on a 64 MiB disk of its own. */
    @Nested
    class OnAFollower {

        @RegisterExtension
        final TestCluster cluster = TestCluster.of(3).configure(config -> config.withLimits(quick()))
                .onSmallDisk(3, 64L * 1024 * 1024);

        private static Limits quick() {
            return new Limits(Limits.DEFAULT.maxBodyBytes(), Limits.DEFAULT.maxDepth(),
                    Limits.DEFAULT.maxStringLength(), Limits.DEFAULT.maxPathBytes(), Limits.DEFAULT.maxTtl(),
                    Limits.DEFAULT.maxWait(), Duration.ofSeconds(3), Limits.DEFAULT.maxWatchersPerAddress(),
                    Limits.DEFAULT.watchHeartbeat());
        }

        @Test
        void aFollowerWithAFullDiskNeverAcknowledgesWhatItCouldNotWrite() throws Exception {
            SmallDisk disk = cluster.disk(3);
            TestServer leader = cluster.leader(WAIT);
            TestServer full = cluster.node(3);
            assertNotEquals(full, leader, "node1 bootstrapped the cluster and leads it");
            StorageHealth storage = full.node().cluster().storage();
            disk.fill();
            patch(leader, "{\"first\":1}").then().statusCode(200);
            Await.until("node3 failing to write its version file", WAIT, storage::isFailing);
            patch(full, "{\"refused\":1}").then().statusCode(507).body("outcome", equalTo("not-applied"));
            full.http().get("/health").then().statusCode(503).body("status", equalTo("storage-failing"));

            // With node2 down, every commit needs node3: it acknowledges only what its log took.
            cluster.stop(2);
            List<Integer> acknowledged = new ArrayList<>();
            int unanswered = 0;
            String blob = "x".repeat(1024 * 1024);
            for (int n = 1; n <= 40 && unanswered == 0; n++) {
                Response reply = patch(leader, "{\"blob\":\"" + blob + n + "\",\"acked\":{\"" + n + "\":true}}");
                if (reply.statusCode() == 200) {
                    acknowledged.add(n);
                } else {
                    assertEquals(503, reply.statusCode(), reply.asString());
                    unanswered = n;
                }
            }
            assertTrue(unanswered > 0, "node3's log filled up and it stopped acknowledging: " + acknowledged);
            assertTrue(storage.isFailing(StorageHealth.Part.RAFT_LOG), storage.summary());

            disk.free();
            Await.until("node3 writing again", WAIT, () -> !storage.isFailing());
            patch(leader, "{\"last\":1}").then().statusCode(200);
            cluster.restart(2);
            cluster.awaitConverged(leader, WAIT);
            cluster.awaitAllActive(WAIT);
            for (TestServer node : cluster.running()) {
                for (int n : acknowledged) {
                    node.http().get("/data/acked/" + n).then().statusCode(200);
                }
                node.http().get("/data/last").then().statusCode(200);
            }
        }
    }

    private static Response patch(TestServer server, String body) {
        return server.http().contentType(MERGE).body(body).patch("/data/");
    }
}
