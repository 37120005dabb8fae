package dev.lighthouse.testing;

import dev.lighthouse.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one way a test gets an in-JVM cluster: real Lighthouse nodes in this JVM forming one
 * cluster over loopback TCP, each with a data.d in a temporary directory of the cluster's own.
 * node1 bootstraps the cluster, the others join through it. Each node keeps its cluster port
 * and data.d across {@link #restart}, as a real node would.
 *
 * <p>A JUnit 5 extension: register it on a field. On a static field one cluster serves the whole
 * class (started before the first test, closed after the last); on an instance field every test
 * gets a fresh one. Either way the test starts once every node serves.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestCluster cluster = TestCluster.of(3).configure(config -> config.withLimits(quick));
 *
 * @Test
 * void aCommitReachesEveryReplica() {
 *     TestServer leader = cluster.leader(WAIT);
 *     ...
 *     cluster.awaitConverged(leader, WAIT);
 * }
 * }</pre>
 *
 * <p>Not thread-safe: the test's own thread drives it.
 */
public final class TestCluster implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    private final int size;
    private UnaryOperator<ServerConfig> customise = UnaryOperator.identity();
    private final Map<Integer, Long> smallDisks = new LinkedHashMap<>();
    private int[] startOrder;
    private Duration activeWithin = Duration.ofSeconds(30);

    private boolean perClass;
    private Path root;
    private final List<ServerConfig> configs = new ArrayList<>();
    private final List<TestServer> nodes = new ArrayList<>();
    private final Map<Integer, SmallDisk> disks = new LinkedHashMap<>();

    private TestCluster(int size) {
        this.size = size;
    }

    /** A cluster of {@code size} nodes, node1..nodeN, to register as an extension. */
    public static TestCluster of(int size) {
        return new TestCluster(size);
    }

    /** Passes each node's config (and that of nodes {@link #add added} later) through {@code customise}. */
    public TestCluster configure(UnaryOperator<ServerConfig> customise) {
        unstarted().customise = customise;
        return this;
    }

    /**
     * Puts node {@code node}'s data.d on a real small file system, a tmpfs of {@code bytes}
     * mounted before the node starts (see {@link #disk}); skips the test where mounting is not
     * allowed. Unmounted after the nodes are stopped.
     */
    public TestCluster onSmallDisk(int node, long bytes) {
        unstarted().smallDisks.put(node, bytes);
        return this;
    }

    /**
     * Starts the nodes in this order (1-based; node1 is still the one that bootstraps), each
     * right after the previous one, rather than node1 first.
     */
    public TestCluster startOrder(int... nodes) {
        unstarted().startOrder = nodes.clone();
        return this;
    }

    /** How long starting may take until every node serves; 30 s unless changed. */
    public TestCluster activeWithin(Duration timeout) {
        unstarted().activeWithin = timeout;
        return this;
    }

    private TestCluster unstarted() {
        if (root != null) {
            throw new IllegalStateException("the cluster is already running");
        }
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        perClass = true;
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            close();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    /** Starts every node and waits until each one serves; on failure stops what started. */
    private void start() throws Exception {
        root = Files.createTempDirectory("lighthouse-cluster-");
        try {
            for (Map.Entry<Integer, Long> disk : smallDisks.entrySet()) {
                disks.put(disk.getKey(), SmallDisk.mount(dataDir(disk.getKey()), disk.getValue()));
            }
            int[] ports = Ports.cluster(size);
            for (int n = 1; n <= size; n++) {
                configs.add(config(n, ports[n - 1], ports[0]));
                nodes.add(null);
            }
            int[] order = startOrder != null ? startOrder : IntStream.rangeClosed(1, size).toArray();
            for (int n : order) {
                nodes.set(n - 1, TestServer.start(configs.get(n - 1)));
            }
            awaitAllActive(activeWithin);
        } catch (Exception | AssertionError e) {
            try {
                close();
            } catch (Exception | AssertionError suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private ServerConfig config(int n, int clusterPort, int seedPort) {
        List<String> seeds = n == 1 ? List.of() : List.of("127.0.0.1:" + seedPort);
        return customise.apply(ServerConfig.forDataDir(dataDir(n))
                .withCluster("node" + n, clusterPort, seeds, n == 1));
    }

    /** Starts one more node that joins through node1. */
    public TestServer add() throws Exception {
        int n = configs.size() + 1;
        ServerConfig config = config(n, Ports.cluster(), configs.get(0).clusterPort());
        configs.add(config);
        TestServer node = TestServer.start(config);
        nodes.add(node);
        return node;
    }

    /** Node {@code i} (1-based), or null while it is stopped. */
    public TestServer node(int i) {
        return nodes.get(i - 1);
    }

    /** Node {@code i}'s data.d, whether it runs or not. */
    public Path dataDir(int i) {
        return root.resolve("node" + i);
    }

    /** The small disk node {@code i}'s data.d is on; see {@link #onSmallDisk}. */
    public SmallDisk disk(int i) {
        SmallDisk disk = disks.get(i);
        if (disk == null) {
            throw new IllegalStateException("node" + i + " is not on a small disk");
        }
        return disk;
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
    public TestServer restart(int i, UnaryOperator<ServerConfig> change) throws Exception {
        stop(i);
        TestServer node = TestServer.start(change.apply(configs.get(i - 1)));
        nodes.set(i - 1, node);
        return node;
    }

    public int index(TestServer node) {
        return nodes.indexOf(node) + 1;
    }

    /** Stops every node, unmounts the small disks and deletes the cluster's directory. */
    private void close() throws Exception {
        if (root == null) {
            return;
        }
        Exception failure = null;
        for (int i = 0; i < nodes.size(); i++) {
            TestServer node = nodes.get(i);
            nodes.set(i, null);
            if (node != null) {
                try {
                    node.close();
                } catch (Exception e) {
                    failure = first(failure, e);
                }
            }
        }
        for (SmallDisk disk : disks.values()) {
            try {
                disk.close();
            } catch (Exception e) {
                failure = first(failure, e);
            }
        }
        try {
            delete(root);
        } catch (IOException e) {
            failure = first(failure, e);
        }
        nodes.clear();
        configs.clear();
        disks.clear();
        root = null;
        if (failure != null) {
            throw failure;
        }
    }

    private static Exception first(Exception failure, Exception next) {
        if (failure == null) {
            return next;
        }
        failure.addSuppressed(next);
        return failure;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
