package dev.lighthouse.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An abandoned lock is freed when its lease lapses, without any request to notice it. */
class LeaseTimerTest {

    @TempDir
    Path dataDir;

    @Test
    void lapsedLeaseIsFreedByTheTimerAlone() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            server.http().body("{\"name\":\"gone\",\"locked\":true,\"ttl\":\"300ms\"}").put("/lock").then().statusCode(200);
            server.http().body("1").put("/update/gone/x").then().statusCode(200);
            // /metrics reads the state without expiring anything itself, unlike GET /lock.
            long deadline = System.nanoTime() + 10_000_000_000L;
            boolean freed = false;
            while (!freed && System.nanoTime() < deadline) {
                freed = server.http().get("/metrics").asString().contains("lighthouse_lock_held 0.0");
                Thread.onSpinWait();
            }
            assertTrue(freed, "the timer freed the lock within 10 s");
            server.http().body("{\"name\":\"gone\",\"locked\":false}").put("/lock").then().statusCode(412);
            assertEquals(0, server.node().currentVersion().seq(), "the staged edit was discarded");
        }
    }
}
