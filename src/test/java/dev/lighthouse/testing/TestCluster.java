package dev.lighthouse.testing;

import dev.lighthouse.config.ServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Real Lighthouse nodes in this JVM forming one cluster over loopback TCP:
 * the first bootstraps it, the others join through it. Each node keeps its
 * cluster port and data.d across {@link #restart}, as a real node would.
 */
public final class TestCluster implements AutoCloseable {

    private final Path root;
    private final UnaryOperator<ServerConfig> customise;
    private final List<ServerConfig> configs = new ArrayList<>();
    private final List<TestServer> nodes = new ArrayList<>();

    private TestCluster(Path root, UnaryOperator<ServerConfig> customise) {
        this.root = root;
        this.customise = customise;
    }

    /** Starts {@code size} nodes named node1..nodeN and waits until every one serves. */
    public static TestCluster start(Path root, int size) throws Exception {
        return start(root, size, UnaryOperator.identity());
    }

    /** As {@link #start(Path, int)}, each node's config (and that of nodes added later) passed through {@code customise}. */
    public static TestCluster start(Path root, int size, UnaryOperator<ServerConfig> customise) throws Exception {
        TestCluster cluster = new TestCluster(root, customise);
        for (int i = 1; i <= size; i++) {
            cluster.add();
        }
        cluster.awaitAllActive(Duration.ofSeconds(30));
        return cluster;
    }

    /** Starts one more node that joins through node1. */
    public TestServer add() throws Exception {
        int n = configs.size() + 1;
        int clusterPort = freePort();
        List<String> seeds = n == 1 ? List.of() : List.of("127.0.0.1:" + configs.get(0).clusterPort());
        ServerConfig config = customise.apply(ServerConfig.forDataDir(root.resolve("node" + n))
                .withCluster("node" + n, clusterPort, seeds, n == 1));
        configs.add(config);
        TestServer node = TestServer.start(config);
        nodes.add(node);
        return node;
    }

    public TestServer node(int i) {
        return nodes.get(i - 1);
    }

    public List<TestServer> running() {
        return nodes.stream().filter(n -> n != null).toList();
    }

    /** The running node that currently leads, waiting for one to be elected. */
    public TestServer leader(Duration timeout) {
        TestServer[] found = new TestServer[1];
        Await.until("a leader", timeout, () -> {
            for (TestServer node : running()) {
                if (node.node().cluster().isLeader()) {
                    found[0] = node;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    public TestServer follower(Duration timeout) {
        TestServer leader = leader(timeout);
        return running().stream().filter(n -> n != leader).findFirst().orElseThrow();
    }

    public void awaitAllActive(Duration timeout) {
        Await.until("every node active", timeout,
                () -> running().stream().allMatch(n -> n.node().cluster().state().text().equals("active")));
    }

    /** Waits until every running node serves the same seq and checksum as {@code reference}. */
    public void awaitConverged(TestServer reference, Duration timeout) {
        Await.until("all nodes at the same version", timeout, () -> running().stream().allMatch(n ->
                n.node().currentVersion().seq() == reference.node().currentVersion().seq()
                        && n.node().currentVersion().checksum().equals(reference.node().currentVersion().checksum())));
    }

    /** Stops a node as a crash would look to the others (its sockets close). */
    public void stop(int i) throws Exception {
        TestServer node = nodes.get(i - 1);
        if (node != null) {
            node.close();
            nodes.set(i - 1, null);
        }
    }

    public TestServer restart(int i) throws Exception {
        return restart(i, config -> config);
    }

    /** Restarts node i with a changed configuration (same data.d), e.g. without its seeds. */
    public TestServer restart(int i, java.util.function.UnaryOperator<ServerConfig> change) throws Exception {
        stop(i);
        TestServer node = TestServer.start(change.apply(configs.get(i - 1)));
        nodes.set(i - 1, node);
        return node;
    }

    public int index(TestServer node) {
        return nodes.indexOf(node) + 1;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        for (TestServer node : running()) {
            node.close();
        }
    }
}
