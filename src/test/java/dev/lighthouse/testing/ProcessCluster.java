package dev.lighthouse.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Three {@code bin/lighthouse} processes forming one cluster on loopback, started as the README
 * tells an operator to: node1 with {@code --bootstrap}, the others with {@code --seeds} naming
 * node1. Each node keeps its flags so a killed node restarts exactly as it was first started.
 * Every incarnation's output is written to {@code logDir} when it ends, for post-mortems.
 */
public final class ProcessCluster implements AutoCloseable {

    public static final String MERGE = Api.MERGE;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerProcess[] nodes;
    private final List<List<String>> flags = new ArrayList<>();
    private final int[] incarnations;
    private final Path logDir;

    private ProcessCluster(int size, Path logDir) {
        this.nodes = new ServerProcess[size];
        this.incarnations = new int[size];
        this.logDir = logDir;
    }

    /** Starts {@code size} nodes with data.d directories under {@code temp}; returns once each listens on HTTP. */
    public static ProcessCluster start(int size, Path temp, Path logDir) throws Exception {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        return start(size, temp, logDir, order);
    }

    /**
     * As {@link #start(int, Path, Path)}, starting the nodes in {@code order} (indexes; node1,
     * index 0, is the one started with {@code --bootstrap}), each once the previous one listens.
     */
    public static ProcessCluster start(int size, Path temp, Path logDir, int... order) throws Exception {
        Files.createDirectories(logDir);
        ProcessCluster cluster = new ProcessCluster(size, logDir);
        try {
            int[] clusterPorts = Ports.cluster(size);
            String seed = "127.0.0.1:" + clusterPorts[0];
            for (int i = 0; i < size; i++) {
                List<String> flags = new ArrayList<>(List.of("--name=" + name(i), "--bind=127.0.0.1", "--port=0",
                        "--cluster-port=" + clusterPorts[i], "--data.d=" + temp.resolve(name(i) + ".d")));
                flags.add(i == 0 ? "--bootstrap" : "--seeds=" + seed);
                cluster.flags.add(List.copyOf(flags));
            }
            for (int i : order) {
                cluster.nodes[i] = ServerProcess.start(cluster.flags.get(i).toArray(String[]::new));
            }
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public static String name(int index) {
        return "node" + (index + 1);
    }

    public int size() {
        return nodes.length;
    }

    /** The node's current process, or null while it is down. */
    public ServerProcess node(int index) {
        return nodes[index];
    }

    public boolean isUp(int index) {
        return nodes[index] != null;
    }

    public String url(int index) {
        ServerProcess node = nodes[index];
        if (node == null) {
            throw new IllegalStateException(name(index) + " is down");
        }
        return node.url();
    }

    /** A REST Assured request to the node; see {@link Api}. Fails while it is down, as {@link #url} does. */
    public RequestSpecification http(int index) {
        return Api.at(url(index));
    }

    /** SIGKILL of the node's JVM. */
    public void kill(int index) throws Exception {
        ServerProcess node = nodes[index];
        nodes[index] = null;
        node.kill();
        saveLog(index, node);
    }

    /** SIGSTOP of the node's JVM; see {@link ServerProcess#pause()}. */
    public void pause(int index) throws Exception {
        nodes[index].pause();
    }

    /** SIGCONT of a paused node's JVM. */
    public void resume(int index) throws Exception {
        nodes[index].resume();
    }

    /** Starts the node again with the flags it was first started with. */
    public void restart(int index) throws Exception {
        if (nodes[index] != null) {
            throw new IllegalStateException(name(index) + " is running");
        }
        nodes[index] = ServerProcess.start(flags.get(index).toArray(String[]::new));
    }

    public List<String> flags(int index) {
        return flags.get(index);
    }

    /** The /health status word of a node, or a description of why there is none. */
    public String health(int index) {
        try {
            String reply = Api.text(http(index).get("/health"));
            return JSON.readTree(reply).path("status").asText("(no status: " + reply + ")");
        } catch (Exception e) {
            return "(unreachable: " + e + ")";
        }
    }

    public void awaitAllActive(Duration timeout) {
        Await.until("every node active on /health", timeout, () -> {
            for (int i = 0; i < nodes.length; i++) {
                if (!"active".equals(health(i))) {
                    return false;
                }
            }
            return true;
        });
    }

    /** The leader's index as a live node sees it, or -1 while none of them knows one. */
    public int leader() {
        for (int i = 0; i < nodes.length; i++) {
            if (!isUp(i)) {
                continue;
            }
            try {
                JsonNode view = JSON.readTree(Api.text(http(i).get("/cluster")));
                String leader = view.path("leader").asText(null);
                for (int j = 0; leader != null && j < nodes.length; j++) {
                    if (name(j).equals(leader)) {
                        return j;
                    }
                }
            } catch (Exception e) {
                // this node cannot say; ask the next
            }
        }
        return -1;
    }

    /** The whole document as one node serves it, with the version it was read from. */
    public record Snapshot(String node, long seq, String checksum, JsonNode document) {
    }

    public Snapshot read(int index) throws Exception {
        Response reply = http(index).get("/data/");
        if (reply.statusCode() != 200) {
            throw new IOException(name(index) + " answered " + reply.statusCode() + ": " + Api.text(reply));
        }
        String seq = reply.header("X-Lighthouse-Seq");
        return new Snapshot(name(index), Long.parseLong(seq == null ? "-1" : seq),
                reply.header("X-Lighthouse-Checksum"), JSON.readTree(Api.text(reply)));
    }

    /** Every node's document, or null when any node cannot be read right now. */
    public List<Snapshot> readAll() {
        List<Snapshot> all = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            try {
                all.add(read(i));
            } catch (Exception e) {
                return null;
            }
        }
        return all;
    }

    /** True when every node serves the same seq and checksum. */
    public static boolean converged(List<Snapshot> all) {
        if (all == null || all.isEmpty()) {
            return false;
        }
        Snapshot first = all.get(0);
        return all.stream().allMatch(s -> s.seq() == first.seq() && first.checksum() != null
                && first.checksum().equals(s.checksum()));
    }

    public static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    private void saveLog(int index, ServerProcess node) {
        try {
            Files.write(logDir.resolve(name(index) + "-" + (++incarnations[index]) + ".log"), node.output());
        } catch (IOException e) {
            // a missing post-mortem log must not hide the test's own outcome
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (int i = 0; i < nodes.length; i++) {
            ServerProcess node = nodes[i];
            if (node != null) {
                nodes[i] = null;
                node.close();
                saveLog(i, node);
            }
        }
    }
}
