package dev.lighthouse.cluster;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.lighthouse.store.DataDir;
import dev.lighthouse.store.Version;
import dev.lighthouse.store.VersionFile;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.TestCluster;
import dev.lighthouse.testing.TestServer;
import dev.lighthouse.tree.StringNode;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Equal seq, other checksum: Raft should make it impossible, so when a replica's disk says
 * otherwise (here: a version file rewritten behind the node's back, self-consistent so it
 * verifies) every node that sees it reports it on /health, /cluster and the log.
 */
class DivergenceIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final TestCluster cluster = TestCluster.of(3);

    @Test
    void aReplicaServingAnotherDocumentUnderTheSameSeqIsReportedEverywhere() throws Exception {
        TestServer leader = cluster.leader(WAIT);
        leader.http().contentType("application/merge-patch+json").body("{\"truth\":\"agreed\"}")
                .patch("/data").then().statusCode(200);
        cluster.awaitConverged(leader, WAIT);
        int victim = cluster.index(cluster.running().stream().filter(n -> n != leader).findFirst().orElseThrow());
        Version agreed = cluster.node(victim).node().currentVersion();
        cluster.stop(victim);
        forge(cluster.dataDir(victim), agreed);

        TestServer forged = cluster.restart(victim);
        for (TestServer node : new TestServer[] {forged, leader}) {
            Await.until("node" + cluster.index(node) + " reports the divergence", WAIT,
                    () -> node.http().get("/health").statusCode() == 503
                            && "diverged".equals(node.http().get("/health").path("status")));
            node.http().get("/health").then().body("divergence", containsString("version " + agreed.seq()));
            node.http().get("/cluster").then().body("divergence", containsString(agreed.checksum()));
        }
        forged.http().get("/data/truth").then().statusCode(503).body("type", equalTo("/problems/not-serving"))
                .body("status", equalTo(503)).body("state", equalTo("diverged"));
    }

    /** Rewrites the newest version file with another document that still matches its own checksum. */
    private static void forge(Path dataDir, Version agreed) throws Exception {
        Path file;
        try (Stream<Path> files = Files.list(dataDir)) {
            file = files.filter(f -> f.getFileName().toString().endsWith(String.format("-%06d.json", agreed.seq())))
                    .findFirst().orElseThrow();
        }
        Version other = new Version(agreed.seq(), agreed.root().with("truth", StringNode.of("forged")),
                agreed.timestamp(), agreed.lock(), agreed.by(), agreed.changed(), agreed.index());
        try (OutputStream out = Files.newOutputStream(file)) {
            VersionFile.full(other).writeTo(out);
        }
        assert file.getFileName().toString().equals(DataDir.fileName(agreed.seq(), agreed.timestamp()));
    }
}
