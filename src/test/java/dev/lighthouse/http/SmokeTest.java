package dev.lighthouse.http;

import static org.hamcrest.Matchers.equalTo;

import dev.lighthouse.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {

    @TempDir
    Path dataDir;

    @Test
    void emptyStoreIsVersionZeroHoldingAnEmptyObject() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            server.http().get("/data/").then().statusCode(200).header("X-Lighthouse-Seq", "0").body(equalTo("{}\n"));
        }
    }
}
