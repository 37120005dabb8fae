package dev.lighthouse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.TestCluster;
import dev.lighthouse.testing.TestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Members may start in any order. Joiners started before the node that bootstraps form a JGroups
 * view of their own; once the views merge, the bootstrapped member must lead (jgroups-raft lets
 * only the view's coordinator run elections, and a fresh joiner knows no Raft members).
 */
class StartOrderIT {

    /** The joiners node2 and node3 first, then node1; all three must be active within 60 s. */
    @RegisterExtension
    final TestCluster cluster = TestCluster.of(3).startOrder(2, 3, 1).activeWithin(Duration.ofSeconds(60));

    @Test
    void joinersStartedBeforeTheBootstrapNodeEndUpInOneClusterWithALeader() throws Exception {
        List<TestServer> nodes = cluster.running();
        TestServer joiner = cluster.node(2);
        joiner.http().contentType("application/merge-patch+json").body("{\"order\":\"any\"}")
                .patch("/data").then().statusCode(200);
        Await.until("the write everywhere", Duration.ofSeconds(20), () -> nodes.stream()
                .allMatch(n -> n.node().currentVersion().seq() == joiner.node().currentVersion().seq()));
        assertEquals(1, nodes.stream().filter(n -> n.node().cluster().isLeader()).count());
    }
}
