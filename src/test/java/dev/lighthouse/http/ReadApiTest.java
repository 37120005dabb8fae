package dev.lighthouse.http;

import static dev.lighthouse.testing.Api.assertProblem;
import static dev.lighthouse.testing.Api.assertSameJson;
import static dev.lighthouse.testing.Api.json;
import static dev.lighthouse.testing.Api.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.RawHttp;
import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET|HEAD /data/...}: navigation, path rules, headers, ETags, HEAD and problem bodies. */
class ReadApiTest {

    static final String DOCUMENT = """
            {"app":{"name":"demo","port":8080,"tags":["a","b","c"],
                    "ratio":0.1000000000000000055511151231257827,"big":12345678901234567890123},
             "a/b":"slash","~t":"tilde","é":"accent","sp ace":1,"q?":2,"h#":3,"pct%":4,
             "other":{"x":1},"arr":[10,20,30],"n":5,"z":null,"t":true}""";

    /** Shared by the tests that only read; tests that write start a server of their own. */
    @TempDir
    static Path sharedDataDir;

    static TestServer server;
    static Api.Ver seeded;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(sharedDataDir);
        seeded = Api.commitDocument(server, DOCUMENT);
    }

    @AfterEach
    void readersChangedNothing() {
        Api.assertUnchanged(server, seeded);
    }

    @AfterAll
    static void stop() throws Exception {
        Api.assertNo5xx(server);
        server.close();
    }

    private static TestServer seededServer(Path dataDir) throws Exception {
        TestServer own = TestServer.start(dataDir);
        Api.commitDocument(own, DOCUMENT);
        return own;
    }

    @Test
    void wholeDocumentComesBackWithMemberOrderAndExactNumbers() {
        Response r = server.http().get("/data/");
        assertEquals(200, r.statusCode());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        assertSameJson(DOCUMENT, text(r));
        assertSameJson(DOCUMENT, text(server.http().get("/data")));
    }

    @ParameterizedTest(name = "/data/{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "app/name       | \"demo\"",
        "app/port       | 8080",
        "app/tags/0     | \"a\"",
        "app/tags/2     | \"c\"",
        "app/ratio      | 0.1000000000000000055511151231257827",
        "app/big        | 12345678901234567890123",
        "a%2Fb          | \"slash\"",
        "a%2fb          | \"slash\"",
        "~t             | \"tilde\"",
        "%7Et           | \"tilde\"",
        "%C3%A9         | \"accent\"",
        "sp%20ace       | 1",
        "q%3F           | 2",
        "h%23           | 3",
        "pct%25         | 4",
        "arr/1          | 20",
        "z              | null",
        "t              | true",
        "other          | {\"x\":1}",
    })
    void navigatesByKeyAndIndexWithPercentDecodedSegments(String path, String expected) {
        Response r = server.http().get("/data/" + path);
        assertEquals(200, r.statusCode(), () -> text(r));
        assertSameJson(expected, text(r));
    }

    @Test
    void aKeyWithASlashIsWrittenAndReadAsPercent2F(@TempDir Path dataDir) throws Exception {
        try (TestServer own = TestServer.start(dataDir)) {
            Api.acquire(own, "op");
            Api.stageOk(own, "op", "a%2Fb", "{}");
            Api.stageOk(own, "op", "a%2Fb/c%2F", "1");
            JsonNode committed = Api.commitOk(own, "op");
            assertEquals(List.of("/a~1b"), LockApiTest.strings(committed.get("changed")));

            assertSameJson("{\"a/b\":{\"c/\":1}}", text(own.http().get("/data/")));
            assertSameJson("1", text(own.http().get("/data/a%2Fb/c%2F")));
            assertEquals("/a", assertProblem(own.http().get("/data/a/b"), 404, "not-found").get("path").asText());
        }
    }

    @ParameterizedTest(name = "/data/{0} -> 404 at {1}")
    @CsvSource(delimiter = '|', value = {
        "nope                | /nope",
        "app/nope/deeper     | /app/nope",
        "arr/3               | /arr/3",
        "arr/2147483647      | /arr/2147483647",
        "app/tags/3/x        | /app/tags/3",
        "n/x                 | /n/x",
        "a/b                 | /a",
        "a%2Fb/x             | /a~1b/x",
        "%7Et/x              | /~0t/x",
    })
    void missingValueIsA404NamingTheFirstMissingSegment(String path, String missing) {
        Response r = server.http().get("/data/" + path);
        assertEquals(missing, assertProblem(r, 404, "not-found").path("path").asText());
    }

    @Test
    void aMissingValueIsAnsweredAsOfAVersionToo() {
        // "headers on every /data reply": a 404 says at which version the value was absent.
        for (String path : List.of("nope", "app/tags/9", "n/x")) {
            Response r = server.http().get("/data/" + path);
            assertEquals(404, r.statusCode());
            assertEquals(String.valueOf(seeded.seq()), r.header("X-Lighthouse-Seq"), path);
            assertEquals(seeded.checksum(), r.header("X-Lighthouse-Checksum"), path);
        }
    }

    @ParameterizedTest(name = "/data/arr/{0} -> 400")
    @ValueSource(strings = {"01", "00", "-1", "x", "1.0", "+1", "1e1", "0x1", "2147483648", "99999999999", "%201", "-"})
    void malformedArrayIndexIs400(String index) {
        assertProblem(server.http().get("/data/arr/" + index), 400, "invalid-input");
    }

    @ParameterizedTest(name = "{0} -> 400")
    @ValueSource(strings = {
        "/data//", "/data/app//name", "/data/app/", "/data/./app", "/data/app/.", "/data/app/..", "/data/..",
        "/data/app/../n", "/data/%2e", "/data/%2E%2E", "/data/app/%2e%2e/n", "/data/%00", "/data/a%00b",
        "/data/app%zz", "/data/app%2", "/data/app%", "/data/%ff", "/data/%c3", "/data/%c0%af"})
    void pathsThatWouldNeedNormalisingAreRejectedNotNormalised(String target) throws Exception {
        // Sent over a raw socket: an HTTP client library would normalise dot segments itself.
        RawHttp.Reply reply = RawHttp.send(server.port(), "GET", target);
        assertProblem(reply, 400, null);
        Api.assertUnchanged(server, seeded);
    }

    @Test
    void everyDataReplyCarriesSeqChecksumAndEtag() {
        Api.Ver current = Api.version(server);
        for (String path : List.of("", "app", "app/tags/1", "z")) {
            Response r = server.http().get("/data/" + path);
            assertEquals(200, r.statusCode());
            assertEquals(String.valueOf(current.seq()), r.header("X-Lighthouse-Seq"), path);
            assertEquals(current.checksum(), r.header("X-Lighthouse-Checksum"), path);
            assertTrue(Api.CHECKSUM.matcher(r.header("X-Lighthouse-Checksum")).matches());
            String etag = r.header("ETag");
            assertNotNull(etag, path);
            assertTrue(etag.matches("(W/)?\"[^\"]+\""), () -> "ETag is a quoted string: " + etag);
        }
        assertNotEquals(server.http().get("/data/").header("ETag"), server.http().get("/data/app").header("ETag"));
    }

    @Test
    void ifNoneMatchAnswers304UntilThatSubtreeChanges(@TempDir Path dataDir) throws Exception {
        try (TestServer server = seededServer(dataDir)) {
            ifNoneMatchAnswers304UntilThatSubtreeChanges(server);
        }
    }

    private static void ifNoneMatchAnswers304UntilThatSubtreeChanges(TestServer server) {
        Api.Ver seeded = Api.version(server);
        String app = server.http().get("/data/app").header("ETag");
        String other = server.http().get("/data/other").header("ETag");
        String root = server.http().get("/data/").header("ETag");

        Response notModified = server.http().header("If-None-Match", app).get("/data/app");
        assertEquals(304, notModified.statusCode());
        assertEquals(0, notModified.asByteArray().length);
        assertEquals(app, notModified.header("ETag"));

        Api.patchOk(server, "app", Api.MERGE, "{\"port\":9090}");

        Response changed = server.http().header("If-None-Match", app).get("/data/app");
        assertEquals(200, changed.statusCode());
        assertEquals(9090, json(changed).get("port").asInt());
        assertNotEquals(app, changed.header("ETag"));
        assertNotEquals(root, server.http().get("/data/").header("ETag"));

        Response untouched = server.http().header("If-None-Match", other).get("/data/other");
        assertEquals(304, untouched.statusCode(), "an unrelated subtree keeps its ETag across the commit");
        assertEquals(other, untouched.header("ETag"));
        assertEquals(String.valueOf(seeded.seq() + 1), untouched.header("X-Lighthouse-Seq"));
    }

    @Test
    void ifNoneMatchUsesWeakComparisonListsAndStar() {
        String etag = server.http().get("/data/app").header("ETag");
        for (String header : List.of(etag, "W/" + etag, "\"nope\", " + etag, "*")) {
            assertEquals(304, server.http().header("If-None-Match", header).get("/data/app").statusCode(), header);
        }
        assertEquals(200, server.http().header("If-None-Match", "\"nope\"").get("/data/app").statusCode());
    }

    @Test
    void etagFollowsTheRepresentationIncludingTypeAndMemberOrder(@TempDir Path dataDir) throws Exception {
        try (TestServer server = seededServer(dataDir)) {
            etagFollowsTheRepresentation(server);
        }
    }

    private static void etagFollowsTheRepresentation(TestServer server) {
        String number = server.http().get("/data/n").header("ETag");
        Api.patchOk(server, "", Api.MERGE, "{\"n\":\"5\"}");
        assertNotEquals(number, server.http().get("/data/n").header("ETag"), "5 and \"5\" are different values");

        Response before = server.http().get("/data/other");
        Api.patchOk(server, "other", Api.MERGE, "{\"y\":2}");
        String xy = server.http().get("/data/other").header("ETag");
        assertNotEquals(before.header("ETag"), xy);
        Api.acquire(server, "op");
        Api.stageOk(server, "op", "other", "{\"y\":2,\"x\":1}");
        Api.commitOk(server, "op");
        Response yx = server.http().get("/data/other");
        assertSameJson("{\"y\":2,\"x\":1}", text(yx));
        assertNotEquals(xy, yx.header("ETag"), "member order is part of the representation");
    }

    @Test
    void headGivesTheHeadersOfGetAndNoBody() throws Exception {
        RawHttp.Reply get = RawHttp.send(server.port(), "GET", "/data/app");
        RawHttp.Reply head = RawHttp.send(server.port(), "HEAD", "/data/app");
        assertEquals(200, head.status());
        assertEquals(0, head.body().length, "HEAD sends no body");
        for (String name : List.of("Content-Type", "X-Lighthouse-Seq", "X-Lighthouse-Checksum", "ETag")) {
            assertEquals(get.header(name), head.header(name), name);
        }
        assertEquals(String.valueOf(get.body().length), head.header("Content-Length"));

        RawHttp.Reply missing = RawHttp.send(server.port(), "HEAD", "/data/nope");
        assertEquals(404, missing.status());
        assertEquals(0, missing.body().length);
    }

    @ParameterizedTest(name = "HEAD {0}")
    @ValueSource(strings = {"/data/", "/data/nope", "/version", "/versions", "/versions?limit=1", "/versions/1/data/app",
        "/versions/0/diff/1", "/versions/9/data/", "/lock", "/no/such/route"})
    void headOnEveryGetMatchesItsHeaders(String target) throws Exception {
        RawHttp.Reply get = RawHttp.send(server.port(), "GET", target);
        RawHttp.Reply head = RawHttp.send(server.port(), "HEAD", target);
        assertEquals(get.status(), head.status());
        assertEquals(0, head.body().length, "HEAD sends no body");
        for (Map.Entry<String, String> header : get.headers().entrySet()) {
            if (!List.of("content-length", "transfer-encoding", "connection", "date").contains(header.getKey())) {
                assertEquals(header.getValue(), head.header(header.getKey()), header.getKey());
            }
        }
        String length = head.header("Content-Length");
        if (length != null) {
            assertEquals(String.valueOf(get.body().length), length,
                    "a Content-Length on HEAD must be the length GET would send (RFC 9110 8.6)");
        }
    }

    /** A single node is its own majority: a consistent read answers the current version at once. */
    @Test
    void aConsistentReadOnASingleNodeIsTheCurrentValue() {
        Response plain = server.http().get("/data/app");
        Response consistent = server.http().get("/data/app?consistent=true");
        assertEquals(200, consistent.statusCode());
        assertEquals(plain.asString(), consistent.asString());
        assertEquals(plain.header("X-Lighthouse-Seq"), consistent.header("X-Lighthouse-Seq"));
        assertEquals(200, server.http().get("/data/app?consistent=false").statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"consistent=yes", "consistent=1", "consistent="})
    void aConsistentFlagOtherThanTrueOrFalseIs400(String query) {
        assertProblem(server.http().get("/data/app?" + query), 400, "invalid-input");
    }

    @Test
    void unknownRouteIsAProblemNotHtml() {
        assertProblem(server.http().get("/datax"), 404, "not-found");
        assertProblem(server.http().get("/no/such/route"), 404, "not-found");
    }
}
