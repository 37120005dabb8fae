package dev.lighthouse.client;

import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real single-node server holding {@link #initialDocument()}, and a client of it; every test
 * ends by checking the server answered no request with a 5xx.
 */
abstract class ClientAgainstServer {

    @TempDir
    Path dataDir;
    TestServer server;
    LighthouseClient client;

    /** The document committed before each test. */
    abstract String initialDocument();

    /** How the test's clients are built; {@code *ShortLivedTest} runs the same tests over the other engine. */
    LighthouseClient.Builder builder() {
        return LighthouseClient.builder();
    }

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dataDir);
        Api.commitDocument(server, initialDocument());
        client = builder().members(server.url()).requestTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        Api.assertNo5xx(server);
        server.close();
    }
}
