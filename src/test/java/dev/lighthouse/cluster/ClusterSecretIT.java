package dev.lighthouse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lighthouse.config.ClusterSecret;
import dev.lighthouse.config.ServerConfig;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.LogCapture;
import dev.lighthouse.testing.Ports;
import dev.lighthouse.testing.TestCluster;
import dev.lighthouse.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three members sharing a secret form a cluster over sealed traffic; a node with another secret,
 * or none, can neither join nor disturb it, and both sides' logs say why.
 */
class ClusterSecretIT {

    private static final ClusterSecret SECRET = new ClusterSecret("the three members share this one", "test");
    private static final ClusterSecret OTHER = new ClusterSecret("a different secret, same length", "test (other)");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Where the nodes that are not members keep their data.d. */
    @TempDir
    static Path root;

    /** Registered first: it hears the members start, and is detached after they stop. */
    @RegisterExtension
    @Order(1)
    static final LogCapture log = LogCapture.forClass("dev.lighthouse.cluster");

    @RegisterExtension
    @Order(2)
    static final TestCluster cluster = TestCluster.of(3).configure(config -> config.withClusterSecret(SECRET));

    @Test
    void membersWithTheSameSecretCommitAndReplicate() {
        TestServer follower = cluster.follower(TIMEOUT);
        follower.http().contentType("application/merge-patch+json").body("{\"sealed\":true}").patch("/data")
                .then().statusCode(200);
        cluster.awaitConverged(follower, TIMEOUT);
        for (String member : List.of("node1", "node2", "node3")) {
            assertEquals(List.of(), log.matching("refused cluster traffic from " + member + " "),
                    "members refuse none of their own");
        }
    }

    @Test
    void aNodeWithAnotherSecretIsRefusedWhileTheClusterGoesOn() throws Exception {
        refused("node4", OTHER, "does not decrypt with this node's cluster secret");
    }

    @Test
    void aNodeWithoutASecretIsRefusedWhileTheClusterGoesOn() throws Exception {
        refused("node5", null, "it is not encrypted");
        assertEquals(1, log.matching("WARN", "'node5': cluster traffic", "is unauthenticated and unencrypted").size(),
                "a node with seeds and no secret warns at start");
    }

    @Test
    void aNodeWithASecretIsRefusedByANodeWithout() throws Exception {
        int plainPort = Ports.cluster();
        try (TestServer plain = TestServer.start(ServerConfig.forDataDir(root.resolve("plain1"))
                .withCluster("plain1", plainPort, List.of(), true));
             TestServer sealed = TestServer.start(ServerConfig.forDataDir(root.resolve("node6"))
                     .withCluster("node6", Ports.cluster(), List.of("127.0.0.1:" + plainPort), false)
                     .withClusterSecret(SECRET))) {
            Await.until("plain1 refusing node6", TIMEOUT, () -> !log.matching("WARN",
                    "refused cluster traffic from node6 (127.0.0.1:", "this node has none").isEmpty());
            assertEquals("joining", sealed.node().cluster().state().text());
            assertEquals(List.of("plain1"), plain.node().cluster().view().members().stream()
                    .map(ClusterView.Member::name).toList());
        }
    }

    private void refused(String name, ClusterSecret secret, String why) throws Exception {
        String seed = cluster.node(1).node().cluster().view().members().stream()
                .filter(member -> member.name().equals("node1")).findFirst().orElseThrow().cluster();
        ServerConfig config = ServerConfig.forDataDir(root.resolve(name))
                .withCluster(name, Ports.cluster(), List.of(seed), false).withClusterSecret(secret);
        try (TestServer intruder = TestServer.start(config)) {
            Await.until("node1 refusing " + name, TIMEOUT,
                    () -> !log.matching("WARN", "refused cluster traffic from " + name + " (127.0.0.1:", why).isEmpty());
            assertEquals(1, log.matching("WARN", "'" + name + "' got no answer", seed, "secret mismatch").size(),
                    "the refused node says why it is alone: " + log.lines());
            TestServer leader = cluster.leader(TIMEOUT);
            for (int i = 0; i < 3; i++) {
                leader.http().contentType("application/merge-patch+json").body("{\"while\":" + i + "}")
                        .patch("/data").then().statusCode(200);
            }
            cluster.awaitConverged(leader, TIMEOUT);
            assertEquals("joining", intruder.node().cluster().state().text());
            assertEquals(0, intruder.node().currentVersion().seq(), "it never received the document");
            for (TestServer member : cluster.running()) {
                List<String> names = member.node().cluster().view().members().stream()
                        .map(ClusterView.Member::name).toList();
                assertEquals(List.of("node1", "node2", "node3"), names, member.url());
            }
            assertEquals(1, log.matching("refused cluster traffic from " + name).size(),
                    "later refusals are counted, not logged: " + log.lines());
        }
    }
}
