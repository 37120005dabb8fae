package dev.lighthouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clients waiting for a held lock hold no server thread: more of them than Jetty has threads still leave reads served. */
class LockWaitersIT {

    private static final int WAITERS = 250; // Jetty's pool has 200 threads

    @TempDir
    Path dataDir;

    @Test
    void manyWaitersParkWithoutThreadsAndOneWinsOnRelease() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            server.http().body("{\"name\":\"owner\",\"locked\":true}").put("/lock").then().statusCode(200);
            // 250 requests left waiting at once: the JDK client's sendAsync, not a REST Assured thread each.
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
            for (int i = 0; i < WAITERS; i++) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/lock"))
                        .timeout(Duration.ofSeconds(30))
                        .PUT(HttpRequest.BodyPublishers.ofString(
                                "{\"name\":\"w" + i + "\",\"locked\":true,\"wait\":\"8s\"}"))
                        .build();
                waiting.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            awaitWaiters(server, WAITERS);
            long start = System.nanoTime();
            server.http().get("/data/").then().statusCode(200);
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "reads are served while they wait");

            server.http().delete("/lock?name=owner").then().statusCode(200);
            int granted = 0;
            int refused = 0;
            for (CompletableFuture<HttpResponse<String>> reply : waiting) {
                int status = reply.get(30, TimeUnit.SECONDS).statusCode();
                granted += status == 200 ? 1 : 0;
                refused += status == 409 ? 1 : 0;
            }
            assertEquals(1, granted, "exactly one waiter gets the released lock");
            assertEquals(WAITERS - 1, refused, "the others run out of wait with 409");
            awaitWaiters(server, 0);
        }
    }

    private static void awaitWaiters(TestServer server, int expected) {
        String line = "lighthouse_lock_waiters " + expected + ".0";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!server.http().get("/metrics").asString().contains(line)) {
            assertTrue(System.nanoTime() < deadline, "expected " + line);
            Thread.onSpinWait();
        }
    }
}
