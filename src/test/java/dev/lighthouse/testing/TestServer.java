package dev.lighthouse.testing;

import dev.lighthouse.Lighthouse;
import dev.lighthouse.config.ServerConfig;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * A real Lighthouse node on a free loopback port over a data.d of the test's
 * own. Close it (try-with-resources or @AfterEach) to stop it; {@link #restart()}
 * reopens the same data.d as a fresh process would. Several nodes forming a
 * cluster come from {@link TestCluster}.
 */
public final class TestServer implements Endpoint, AutoCloseable {

    private final ServerConfig config;
    private Lighthouse node;

    private TestServer(ServerConfig config) throws Exception {
        this.config = config;
        this.node = Lighthouse.start(config);
    }

    public static TestServer start(Path dataDir) throws Exception {
        return new TestServer(ServerConfig.forDataDir(dataDir));
    }

    public static TestServer start(ServerConfig config) throws Exception {
        return new TestServer(config);
    }

    public static TestServer start(Path dataDir, UnaryOperator<ServerConfig> customise) throws Exception {
        return new TestServer(customise.apply(ServerConfig.forDataDir(dataDir)));
    }

    public int port() {
        return node.port();
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + node.port();
    }

    public Lighthouse node() {
        return node;
    }

    public Path dataDir() {
        return config.dataDir();
    }

    public void restart() throws Exception {
        node.close();
        node = Lighthouse.start(config);
    }

    @Override
    public void close() throws Exception {
        node.close();
    }
}
