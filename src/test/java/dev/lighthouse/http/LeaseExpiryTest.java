package dev.lighthouse.http;

import static dev.lighthouse.testing.Api.assertProblem;
import static dev.lighthouse.testing.Api.assertSameJson;
import static dev.lighthouse.testing.Api.json;
import static dev.lighthouse.testing.Api.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.MutableClock;
import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The update lock's lease, driven by a clock the test moves: it lapses at
 * {@code expires}, every staged edit renews it, and a lapse discards the
 * staged edits. One test uses the real clock to show the lease also lapses
 * when nobody asks.
 */
class LeaseExpiryTest {

    static final String DOC = "{\"a\":1}";

    @TempDir
    static Path dataDir;

    static final MutableClock clock = new MutableClock(Instant.parse("2031-03-01T08:00:00Z"));
    static TestServer server;
    static Api.Ver base;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, cfg -> cfg.withClock(clock));
        base = Api.commitDocument(server, DOC);
    }

    @AfterAll
    static void stop() throws Exception {
        Api.assertNo5xx(server);
        server.close();
    }

    @BeforeEach
    void freeLock() {
        Api.freeLock(server);
    }

    private static void acquire(String name, String ttl) {
        Api.acquire(server, "{\"name\":\"" + name + "\",\"locked\":true,\"ttl\":\"" + ttl + "\"}", name);
    }

    private static boolean held() {
        return json(server.http().get("/lock")).get("locked").asBoolean();
    }

    private static void assertStoredUnchanged() {
        Api.assertUnchanged(server, base);
        assertSameJson(DOC, Api.data(server, ""));
    }

    @Test
    void afterTheTtlTheLockIsFreeAndStagedEditsAreGone() {
        acquire("op", "90s");
        Api.stageOk(server, "op", "x", "1");

        clock.advance(Duration.ofSeconds(90));

        assertSameJson("{\"locked\":false}", text(server.http().get("/lock")));
        assertProblem(Api.commit(server, "op"), 412, "no-lock");
        assertProblem(server.http().get("/update/op/"), 412, "no-lock");
        assertStoredUnchanged();
        JsonNode again = Api.acquire(server, "op");
        assertEquals(0, again.get("staged").asInt(), "a new lease starts with nothing staged");
        assertSameJson(DOC, Api.staged(server, "op", ""));
    }

    @Test
    void theLeaseRunsUntilExactlyExpires() {
        acquire("op", "90s");
        clock.advance(Duration.ofSeconds(90).minusMillis(1));
        assertTrue(held(), "held 1 ms before expiry");
        clock.advance(Duration.ofMillis(1));
        assertFalse(held(), "lapsed at expiry");
    }

    @Test
    void everyStagedEditRenewsTheLease() {
        acquire("op", "90s");
        clock.advance(Duration.ofSeconds(60));
        Instant stagedAt = clock.instant();
        JsonNode afterEdit = Api.stageOk(server, "op", "x", "1");
        assertEquals(stagedAt.plusSeconds(90), Instant.parse(afterEdit.get("expires").asText()));

        clock.advance(Duration.ofSeconds(60));
        assertTrue(held(), "120 s after acquiring, 60 s after the edit: still held");
        server.http().contentType(Api.MERGE).body("{\"y\":2}").patch("/update/op/").then().statusCode(200);
        clock.advance(Duration.ofSeconds(60));
        server.http().delete("/update/op/x").then().statusCode(200);
        clock.advance(Duration.ofSeconds(90).minusMillis(1));
        assertTrue(held());
        assertSameJson("{\"a\":1,\"y\":2}", Api.staged(server, "op", ""));

        clock.advance(Duration.ofMillis(1));
        assertFalse(held());
        assertProblem(Api.commit(server, "op"), 412, "no-lock");
        assertStoredUnchanged();
    }

    @Test
    void reacquiringUnderTheSameNameRenewsTheLease() {
        acquire("op", "90s");
        Api.stageOk(server, "op", "x", "1");
        clock.advance(Duration.ofSeconds(80));
        acquire("op", "90s");
        clock.advance(Duration.ofSeconds(80));
        assertTrue(held());
        assertEquals(1, json(server.http().get("/lock")).get("staged").asInt());
    }

    @Test
    void readingDoesNotRenewTheLease() {
        acquire("op", "90s");
        clock.advance(Duration.ofSeconds(60));
        Api.staged(server, "op", "");
        server.http().get("/lock").then().statusCode(200);
        server.http().get("/data/").then().statusCode(200);
        clock.advance(Duration.ofSeconds(30));
        assertFalse(held());
    }

    @Test
    void anotherNameTakesALapsedLockWithoutWaiting() {
        acquire("op", "30s");
        Api.stageOk(server, "op", "x", "1");
        clock.advance(Duration.ofSeconds(31));

        Response r = Api.lock(server, "{\"name\":\"other\",\"locked\":true,\"wait\":\"0s\"}");

        assertEquals(200, r.statusCode(), () -> text(r));
        assertEquals("other", json(r).get("name").asText());
        assertEquals(0, json(r).get("staged").asInt());
        assertSameJson(DOC, Api.staged(server, "other", ""));
        assertProblem(Api.stage(server, "op", "x", "2"), 409, "lock-held");
    }

    @Test
    void stagingUnderALapsedLeaseIs412AndTakesNoLock() {
        acquire("op", "30s");
        clock.advance(Duration.ofSeconds(30));
        assertProblem(Api.stage(server, "op", "x", "1"), 412, "no-lock");
        assertProblem(server.http().delete("/lock?name=op"), 412, "no-lock");
        assertFalse(held());
        assertStoredUnchanged();
    }

    @Test
    void aLapsedLeaseDoesNotBlockOneRequestPatches() {
        acquire("op", "30s");
        Api.stageOk(server, "op", "x", "1");
        clock.advance(Duration.ofSeconds(30));

        JsonNode committed = Api.patchOk(server, "", Api.MERGE, "{\"b\":2}");

        assertEquals(base.seq() + 1, committed.get("seq").asLong());
        assertSameJson("{\"a\":1,\"b\":2}", Api.data(server, ""));
        base = Api.commitDocument(server, DOC);
    }

    /** Real time: the lease lapses on its own, and a waiter gets the lock then. */
    @Test
    void aLeaseLapsesWhenNobodyAsksAndWakesAWaiter(@TempDir Path own) throws Exception {
        try (TestServer node = TestServer.start(own)) {
            Api.acquire(node, "{\"name\":\"op\",\"locked\":true,\"ttl\":\"300ms\"}", "op");
            Api.stageOk(node, "op", "x", "1");
            // /metrics reads the lock without expiring it, so this sees the server's own timer at work.
            Await.until("the lease timer to free the lock", Duration.ofSeconds(10),
                    () -> text(node.http().get("/metrics")).contains("lighthouse_lock_held 0"));
            assertSameJson("{\"locked\":false}", text(node.http().get("/lock")));

            Api.acquire(node, "{\"name\":\"op\",\"locked\":true,\"ttl\":\"300ms\"}", "op");
            ExecutorService executor = Executors.newSingleThreadExecutor();
            try {
                long start = System.nanoTime();
                Future<Response> waiter = executor.submit(() ->
                        Api.lock(node, "{\"name\":\"second\",\"locked\":true,\"wait\":\"20s\"}"));
                Response granted = waiter.get(15, TimeUnit.SECONDS);
                assertEquals(200, granted.statusCode(), () -> text(granted));
                assertEquals("second", json(granted).get("name").asText());
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15));
            } finally {
                executor.shutdownNow();
            }
            assertEquals(0, Api.version(node).seq(), "nothing staged under the lapsed lease was committed");
        }
    }
}
