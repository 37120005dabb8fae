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
import dev.lighthouse.testing.MutableClock;
import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /lock}: its state, acquiring, renewing, waiting, committing, aborting, and lock-scoped name checks. */
class LockApiTest {

    /** One node for the class; each test starts with the lock free and reads times off the shared clock. */
    @TempDir
    static Path dataDir;

    static final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    static TestServer server;

    /** The clock's reading when the test began. */
    Instant t0;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, cfg -> cfg.withClock(clock));
    }

    @AfterAll
    static void stop() throws Exception {
        Api.assertNo5xx(server);
        server.close();
    }

    @BeforeEach
    void freeTheLock() {
        Api.freeLock(server);
        t0 = clock.instant();
    }

    private static Instant time(JsonNode node, String member) {
        return Instant.parse(node.get(member).asText());
    }

    private void assertUnlocked() {
        assertSameJson("{\"locked\":false}", Api.lockState(server).toString());
    }

    @Test
    void unlockedStateIsJustLockedFalse() {
        Response r = server.http().get("/lock");
        assertEquals(200, r.statusCode());
        assertTrue(r.contentType().startsWith("application/json"));
        assertUnlocked();
    }

    @Test
    void acquireAnswersTheLockStateAndGetLockShowsTheSame() {
        Api.Ver base = Api.commitDocument(server, "{\"a\":1}");
        clock.advance(Duration.ofSeconds(7));

        JsonNode lock = Api.acquire(server, "{\"name\":\"op\",\"locked\":true,\"ttl\":\"90s\"}", "op");

        assertEquals(List.of("locked", "name", "since", "expires", "base", "staged"), fieldNames(lock));
        assertTrue(lock.get("locked").asBoolean());
        assertEquals("op", lock.get("name").asText());
        assertEquals(t0.plusSeconds(7), time(lock, "since"));
        assertEquals(t0.plusSeconds(7 + 90), time(lock, "expires"));
        assertTrue(lock.get("since").asText().endsWith("Z"), "ISO-8601 UTC");
        assertEquals(base.seq(), lock.get("base").asLong());
        assertEquals(0, lock.get("staged").asInt());
        assertSameJson(lock.toString(), text(server.http().get("/lock")));
    }

    private static List<String> fieldNames(JsonNode node) {
        return StreamSupport.stream(((Iterable<String>) node::fieldNames).spliterator(), false).toList();
    }

    @Test
    void defaultTtlIsFiveMinutes() {
        JsonNode lock = Api.acquire(server, "op");
        assertEquals(Duration.ofMinutes(5), Duration.between(time(lock, "since"), time(lock, "expires")));
    }

    @ParameterizedTest(name = "ttl {0} = {1} ms")
    @CsvSource({"500ms, 500", "30s, 30000", "5m, 300000", "1h, 3600000", "90, 90000", "24h, 86400000", "1ms, 1"})
    void ttlTakesAnIntegerWithUnitAndBareMeansSeconds(String ttl, long millis) {
        JsonNode lock = Api.acquire(server, "{\"name\":\"op\",\"locked\":true,\"ttl\":\"" + ttl + "\"}", "op");
        assertEquals(Duration.ofMillis(millis), Duration.between(time(lock, "since"), time(lock, "expires")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "{\"name\":\"op\",\"locked\":true,\"ttl\":\"0\"}",
        "{\"name\":\"op\",\"locked\":true,\"ttl\":\"0ms\"}",
        "{\"name\":\"op\",\"locked\":true,\"ttl\":\"-1s\"}",
        "{\"name\":\"op\",\"locked\":true,\"ttl\":\"5x\"}",
        "{\"name\":\"op\",\"locked\":true,\"ttl\":\"1.5s\"}",
        "{\"name\":\"op\",\"locked\":true,\"ttl\":\"\"}",
        "{\"name\":\"op\",\"locked\":true,\"ttl\":\"s\"}",
        "{\"name\":\"op\",\"locked\":true,\"ttl\":\"1d\"}",
        "{\"name\":\"op\",\"locked\":true,\"ttl\":\"5 m\"}",
        "{\"name\":\"op\",\"locked\":true,\"ttl\":\"25h\"}",
        "{\"name\":\"op\",\"locked\":true,\"ttl\":\"86401s\"}",
        "{\"name\":\"op\",\"locked\":true,\"ttl\":\"1441m\"}",
        "{\"name\":\"op\",\"locked\":true,\"ttl\":\"99999999999999h\"}",
        "{\"name\":\"op\",\"locked\":true,\"ttl\":30}",
        "{\"name\":\"op\",\"locked\":true,\"wait\":\"11m\"}",
        "{\"name\":\"op\",\"locked\":true,\"wait\":\"601s\"}",
        "{\"name\":\"op\",\"locked\":true,\"wait\":\"-1\"}",
        "{\"name\":\"op\",\"locked\":true,\"wait\":\"soon\"}",
        "{\"name\":\"op\",\"locked\":true,\"wait\":null}",
    })
    void malformedOrOverLimitDurationsAre400(String body) {
        assertProblem(Api.lock(server, body), 400, "invalid-input");
        assertUnlocked();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "{\"name\":\"op\",\"locked\":true,\"timeout\":\"5s\"}",
        "{\"name\":\"op\",\"locked\":true,\"Name\":\"op\"}",
        "{\"name\":\"op\"}",
        "{\"name\":\"op\",\"locked\":\"true\"}",
        "{\"name\":\"op\",\"locked\":1}",
        "{\"name\":\"op\",\"locked\":null}",
        "{\"locked\":true}",
        "{\"name\":\"\",\"locked\":true}",
        "{\"name\":7,\"locked\":true}",
        "{\"name\":[\"op\"],\"locked\":true}",
        "{\"name\":\"a/b\",\"locked\":true}",
        "{\"name\":\"a b\",\"locked\":true}",
        "{\"name\":\"a\\u0000b\",\"locked\":true}",
        "{\"name\":\"a\\nb\",\"locked\":true}",
        "{\"name\":\".\",\"locked\":true}",
        "{\"name\":\"..\",\"locked\":true}",
        "[{\"name\":\"op\",\"locked\":true}]",
        "\"op\"",
        "",
        "{\"name\":\"op\",\"locked\":true",
    })
    void malformedLockRequestsAre400(String body) {
        assertProblem(Api.lock(server, body), 400, "invalid-input");
        assertUnlocked();
    }

    @Test
    void overlongLockNameIs400() {
        String name = "n".repeat(129);
        assertProblem(Api.lock(server, "{\"name\":\"" + name + "\",\"locked\":true}"), 400, "invalid-input");
        Api.acquire(server, "n".repeat(128));
    }

    @Test
    void everyAcquirableNameCanStageCommitAndAbort() {
        for (String name : List.of("op", "deploy-42", "a.b", "...", "x%y", "ümlaut", "a~b", "a:b@c")) {
            Api.acquire(server, "{\"name\":\"" + name + "\",\"locked\":true}", name);
            String inUrl = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
            Response staged = server.http().contentType(Api.JSON).body("1").put("/update/" + inUrl + "/k");
            assertEquals(200, staged.statusCode(), () -> name + ": " + text(staged));
            assertEquals(name, json(staged).get("name").asText());
            assertEquals(200, server.http().delete("/lock?name=" + inUrl).statusCode(), name);
            assertUnlocked();
        }
    }

    @Test
    void sameNameRenewsTheLeaseAndKeepsStagedEdits() {
        Api.commitDocument(server, "{\"a\":1}");
        JsonNode first = Api.acquire(server, "{\"name\":\"op\",\"locked\":true,\"ttl\":\"1m\"}", "op");
        Api.stageOk(server, "op", "x", "1");
        clock.advance(Duration.ofSeconds(30));

        JsonNode renewed = Api.acquire(server, "{\"name\":\"op\",\"locked\":true,\"ttl\":\"2m\"}", "op");

        assertEquals(time(first, "since"), time(renewed, "since"), "since is when the lock was first taken");
        assertEquals(t0.plusSeconds(30).plus(Duration.ofMinutes(2)), time(renewed, "expires"));
        assertEquals(first.get("base").asLong(), renewed.get("base").asLong());
        assertEquals(1, renewed.get("staged").asInt());
        assertSameJson("{\"a\":1,\"x\":1}", text(server.http().get("/update/op/")));
        JsonNode committed = Api.commitOk(server, "op");
        assertEquals(List.of("/x"), strings(committed.get("changed")));
    }

    @Test
    void anotherNameGets409NamingTheHolderAndChangesNothing() {
        Api.acquire(server, "op");
        Api.stageOk(server, "op", "x", "1");
        String before = text(server.http().get("/lock"));

        JsonNode problem = assertProblem(Api.lock(server, "{\"name\":\"other\",\"locked\":true}"), 409, "lock-held");

        assertEquals("op", problem.get("holder").asText());
        assertSameJson(before, text(server.http().get("/lock")));
    }

    static Stream<Arguments> lockScopedRequests() {
        List<Function<RequestSpecification, Response>> requests = List.of(
                http -> http.get("/update/other/"),
                http -> http.get("/update/other/x"),
                http -> http.contentType(Api.JSON).body("2").put("/update/other/x"),
                http -> http.contentType(Api.JSON).body("{}").put("/update/other/"),
                http -> http.contentType(Api.MERGE).body("{\"x\":2}").patch("/update/other/"),
                http -> http.contentType(Api.JSON_PATCH).body("[{\"op\":\"remove\",\"path\":\"/x\"}]").patch("/update/other/"),
                http -> http.delete("/update/other/x"),
                http -> http.contentType(Api.JSON).body("{\"name\":\"other\",\"locked\":false}").put("/lock"),
                http -> http.delete("/lock?name=other"));
        List<String> names = List.of("GET update root", "GET update path", "PUT update path", "PUT update root",
                "PATCH merge", "PATCH json-patch", "DELETE update path", "commit", "abort");
        return java.util.stream.IntStream.range(0, requests.size())
                .mapToObj(i -> Arguments.of(names.get(i), requests.get(i)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lockScopedRequests")
    void wrongNameIs409WithHolderAndTouchesNothing(String what, Function<RequestSpecification, Response> request) {
        Api.Ver committed = Api.commitDocument(server, "{\"x\":1}");
        Api.acquire(server, "op");
        Api.stageOk(server, "op", "y", "1");
        String lockBefore = text(server.http().get("/lock"));

        JsonNode problem = assertProblem(request.apply(server.http()), 409, "lock-held");

        assertEquals("op", problem.get("holder").asText());
        assertSameJson(lockBefore, text(server.http().get("/lock")));
        assertSameJson("{\"x\":1,\"y\":1}", text(server.http().get("/update/op/")));
        Api.assertUnchanged(server, committed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lockScopedRequests")
    void noLockHeldIs412AndTakesNoLock(String what, Function<RequestSpecification, Response> request) {
        Api.Ver committed = Api.commitDocument(server, "{\"x\":1}");

        assertProblem(request.apply(server.http()), 412, "no-lock");

        assertUnlocked();
        Api.assertUnchanged(server, committed);
    }

    @Test
    void lockScopedRequestWithoutAnyNameIs400() {
        // SPEC covers a wrong name (409/412); a request naming no lock at all is malformed.
        Api.acquire(server, "op");
        assertProblem(server.http().delete("/lock"), 400, "invalid-input");
        assertProblem(server.http().delete("/lock?name="), 400, "invalid-input");
        assertProblem(Api.lock(server, "{\"locked\":false}"), 400, "invalid-input");
        assertEquals("op", json(server.http().get("/lock")).get("name").asText());
    }

    @Test
    void commitMakesOneDurableVersionAndAnswersItsSummary() throws IOException {
        Api.Ver before = Api.commitDocument(server, "{\"app\":{\"port\":1,\"host\":\"h\"},\"old\":true}");
        clock.advance(Duration.ofMinutes(1));
        Api.acquire(server, "op");
        Api.stageOk(server, "op", "app/port", "2");
        Api.stageOk(server, "op", "new/deep", "{\"k\":[1]}");
        assertEquals(200, server.http().delete("/update/op/old").statusCode());

        Response reply = Api.commit(server, "op");

        assertEquals(200, reply.statusCode(), () -> text(reply));
        JsonNode body = json(reply);
        assertEquals(List.of("locked", "committed"), fieldNames(body));
        assertFalse(body.get("locked").asBoolean());
        JsonNode committed = body.get("committed");
        assertEquals(List.of("seq", "checksum", "timestamp", "changed"), fieldNames(committed));
        assertEquals(before.seq() + 1, committed.get("seq").asLong());
        assertTrue(Api.CHECKSUM.matcher(committed.get("checksum").asText()).matches());
        assertEquals(t0.plus(Duration.ofMinutes(1)), time(committed, "timestamp"));
        assertEquals(Set.of("/app/port", "/new", "/old"), Set.copyOf(strings(committed.get("changed"))));

        Api.Ver now = Api.version(server);
        assertEquals(committed.get("seq").asLong(), now.seq());
        assertEquals(committed.get("checksum").asText(), now.checksum());
        assertEquals(time(committed, "timestamp"), Instant.parse(now.timestamp()));
        Response data = server.http().get("/data/");
        assertEquals(now.checksum(), data.header("X-Lighthouse-Checksum"));
        assertSameJson("{\"app\":{\"port\":2,\"host\":\"h\"},\"new\":{\"deep\":{\"k\":[1]}}}", text(data));
        assertUnlocked();
        assertEquals("op", json(server.http().get("/versions?limit=1")).get(0).get("lock").asText());
        assertTrue(versionFileMentions(now), "a file in data.d holds the new version");
    }

    private boolean versionFileMentions(Api.Ver version) throws IOException {
        try (Stream<Path> files = Files.list(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                String content = Files.readString(file, StandardCharsets.UTF_8);
                if (content.contains(version.checksum()) && content.contains("\"seq\":" + version.seq())) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void commitWithoutNetChangeAnswersNullAndMakesNoVersion() {
        Api.Ver before = Api.commitDocument(server, "{\"a\":1}");
        int history = json(server.http().get("/versions")).size();

        Api.acquire(server, "op");
        JsonNode nothingStaged = Api.commitOk(server, "op");
        assertTrue(nothingStaged.isNull(), "no edits: committed is null");

        Api.acquire(server, "op");
        Api.stageOk(server, "op", "a", "1");
        Api.stageOk(server, "op", "b", "2");
        assertEquals(200, server.http().delete("/update/op/b").statusCode());
        JsonNode cancelledOut = Api.commitOk(server, "op");
        assertTrue(cancelledOut.isNull(), "edits that cancel out: committed is null");

        Api.assertUnchanged(server, before);
        assertEquals(history, json(server.http().get("/versions")).size());
        assertUnlocked();
    }

    @Test
    void abortDiscardsStagedEditsAndFreesTheLock() {
        Api.Ver before = Api.commitDocument(server, "{\"a\":1}");
        Api.acquire(server, "op");
        Api.stageOk(server, "op", "a", "2");
        Api.stageOk(server, "op", "b", "3");

        Response abort = server.http().delete("/lock?name=op");

        assertEquals(200, abort.statusCode(), () -> text(abort));
        assertSameJson("{\"locked\":false}", text(abort));
        assertUnlocked();
        Api.assertUnchanged(server, before);
        assertSameJson("{\"a\":1}", Api.data(server, ""));
        JsonNode again = Api.acquire(server, "op");
        assertEquals(0, again.get("staged").asInt());
        assertSameJson("{\"a\":1}", text(server.http().get("/update/op/")));
        assertProblem(Api.commit(server, "other"), 409, "lock-held");
    }

    @Test
    void waiterGetsTheLockWhenTheHolderCommits() throws Exception {
        Api.acquire(server, "first");
        Api.stageOk(server, "first", "waited", String.valueOf(System.nanoTime()));
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            long start = System.nanoTime();
            Future<Response> waiter = executor.submit(() ->
                    Api.lock(server, "{\"name\":\"second\",\"locked\":true,\"wait\":\"20s\"}"));
            JsonNode committed = Api.commitOk(server, "first");

            Response granted = waiter.get(15, TimeUnit.SECONDS);

            assertEquals(200, granted.statusCode(), () -> text(granted));
            JsonNode lock = json(granted);
            assertEquals("second", lock.get("name").asText());
            assertEquals(committed.get("seq").asLong(), lock.get("base").asLong(), "the waiter starts from the commit");
            assertEquals(0, lock.get("staged").asInt());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15), "granted on release, not at timeout");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void waiterGetsTheLockWhenTheHolderAborts() throws Exception {
        Api.acquire(server, "first");
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<Response> waiter = executor.submit(() ->
                    Api.lock(server, "{\"name\":\"second\",\"locked\":true,\"wait\":\"20s\"}"));
            assertEquals(200, server.http().delete("/lock?name=first").statusCode());
            Response granted = waiter.get(15, TimeUnit.SECONDS);
            assertEquals(200, granted.statusCode(), () -> text(granted));
            assertEquals("second", json(granted).get("name").asText());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void waitThatRunsOutIs409WithHolder() {
        Api.acquire(server, "first");
        long start = System.nanoTime();

        Response r = Api.lock(server, "{\"name\":\"second\",\"locked\":true,\"wait\":\"300ms\"}");

        long waited = System.nanoTime() - start;
        assertEquals("first", assertProblem(r, 409, "lock-held").get("holder").asText());
        assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(300), "waited " + waited / 1_000_000 + " ms");
        assertEquals("first", json(server.http().get("/lock")).get("name").asText());
    }

    static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
