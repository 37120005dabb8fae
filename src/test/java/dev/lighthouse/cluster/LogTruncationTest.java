package dev.lighthouse.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot may only truncate the log as far as data.d is durable, and the one a large commit
 * triggers is taken before that commit's version file is synced. The log must still drop the
 * large entry once data.d holds it durably, without waiting for another snapshot's worth of
 * writes: otherwise every start reads it again (a 64 MiB bulk load cost each start ~0.2 s).
 */
class LogTruncationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    @Test
    void theLogDropsALargeCommitOnceDataDirHoldsItDurably() throws Exception {
        try (TestServer server = TestServer.start(temp.resolve("data.d"))) {
            long index = commitLargeThenSmall(server);
            ClusterNode cluster = server.node().cluster();
            cluster.settings().durability().syncWritten();
            Await.until("the log truncated past the large commit's entry " + index, WAIT,
                    () -> cluster.raft().log().firstAppended() > index);
        }
    }

    @Test
    void aCleanStopLeavesAShortLog() throws Exception {
        try (TestServer server = TestServer.start(temp.resolve("data.d"))) {
            long index = commitLargeThenSmall(server);
            server.restart();
            long first = server.node().cluster().raft().log().firstAppended();
            assertTrue(first > index, "the restarted node's log starts at " + first + ", before entry " + index);
        }
    }

    /** @return the large commit's log index */
    private static long commitLargeThenSmall(TestServer server) {
        Await.until("the node leading", WAIT, server.node().cluster()::isLeader);
        String large = "x".repeat(3 * 1024 * 1024 / 2);
        patch(server, "{\"large\":\"" + large + "\"}");
        long index = server.node().currentVersion().index();
        patch(server, "{\"small\":1}");
        return index;
    }

    private static void patch(TestServer server, String body) {
        server.http().contentType("application/merge-patch+json").body(body).patch("/data").then().statusCode(200);
    }
}
