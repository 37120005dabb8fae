package dev.lighthouse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lighthouse.config.ServerConfig;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.TestServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members may start in any order. Joiners started before the node that bootstraps form a JGroups
 * view of their own; once the views merge, the bootstrapped member must lead (jgroups-raft lets
 * only the view's coordinator run elections, and a fresh joiner knows no Raft members).
 */
class StartOrderTest {

    @TempDir
    Path root;

    @Test
    void joinersStartedBeforeTheBootstrapNodeEndUpInOneClusterWithALeader() throws Exception {
        int[] ports = {freePort(), freePort(), freePort()};
        List<String> seeds = List.of("127.0.0.1:" + ports[0]);
        List<TestServer> nodes = new ArrayList<>();
        try {
            for (int i : new int[] {1, 2}) {
                nodes.add(TestServer.start(ServerConfig.forDataDir(root.resolve("node" + (i + 1)))
                        .withCluster("node" + (i + 1), ports[i], seeds, false)));
            }
            nodes.add(TestServer.start(ServerConfig.forDataDir(root.resolve("node1"))
                    .withCluster("node1", ports[0], List.of(), true)));
            Await.until("all three active", Duration.ofSeconds(60),
                    () -> nodes.stream().allMatch(n -> n.node().cluster().state().text().equals("active")));
            TestServer joiner = nodes.get(0);
            joiner.http().contentType("application/merge-patch+json").body("{\"order\":\"any\"}")
                    .patch("/data").then().statusCode(200);
            Await.until("the write everywhere", Duration.ofSeconds(20), () -> nodes.stream()
                    .allMatch(n -> n.node().currentVersion().seq() == joiner.node().currentVersion().seq()));
            assertEquals(1, nodes.stream().filter(n -> n.node().cluster().isLeader()).count());
        } finally {
            for (TestServer node : nodes) {
                node.close();
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
