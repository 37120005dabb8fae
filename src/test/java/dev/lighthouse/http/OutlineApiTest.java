package dev.lighthouse.http;

import static dev.lighthouse.testing.Api.assertProblem;
import static dev.lighthouse.testing.Api.assertSameJson;
import static dev.lighthouse.testing.Api.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.EventStreamClient;
import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code ?outline=true}: a value one level deep, as the web UI loads the tree; on reads, long polls and watches. */
class OutlineApiTest {

    static final String DOCUMENT = """
            {"app":{"name":"demo","port":8080,"ratio":1.50,"tags":["a","b","c"],"db":{"host":"h","pool":{"min":1}}},
             "a/b":"slash","arr":[10,{"x":1},[1,2],null,true],"big":12345678901234567890123}""";

    @TempDir
    static Path dataDir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir);
        Api.commitDocument(server, DOCUMENT);
    }

    @AfterAll
    static void stop() throws Exception {
        Api.assertNo5xx(server);
        server.close();
    }

    private static Response get(String target) {
        return server.http().get(target);
    }

    @Test
    void anObjectListsItsMembersWithScalarsWholeAndContainersAsTypeAndSize() {
        Response r = get("/data/app?outline=true");
        assertEquals(200, r.statusCode());
        assertSameJson("""
                {"type":"object","size":5,"offset":0,"children":[
                  {"key":"name","type":"string","value":"demo"},
                  {"key":"port","type":"number","value":8080},
                  {"key":"ratio","type":"number","value":1.50},
                  {"key":"tags","type":"array","size":3},
                  {"key":"db","type":"object","size":2}]}""", text(r));
        assertEquals(Api.version(server).seq(), Long.parseLong(r.header("X-Lighthouse-Seq")));
        assertEquals(Api.version(server).checksum(), r.header("X-Lighthouse-Checksum"));
    }

    @Test
    void theRootListsKeysAsWrittenAndExactNumbers() {
        assertSameJson("""
                {"type":"object","size":4,"offset":0,"children":[
                  {"key":"app","type":"object","size":5},
                  {"key":"a/b","type":"string","value":"slash"},
                  {"key":"arr","type":"array","size":5},
                  {"key":"big","type":"number","value":12345678901234567890123}]}""", text(get("/data/?outline=true")));
    }

    @Test
    void anArrayListsItsElementsByIndex() {
        assertSameJson("""
                {"type":"array","size":5,"offset":0,"children":[
                  {"index":0,"type":"number","value":10},
                  {"index":1,"type":"object","size":1},
                  {"index":2,"type":"array","size":2},
                  {"index":3,"type":"null","value":null},
                  {"index":4,"type":"boolean","value":true}]}""", text(get("/data/arr?outline")));
    }

    @Test
    void aScalarIsItsTypeAndValue() {
        assertSameJson("{\"type\":\"string\",\"value\":\"slash\"}", text(get("/data/a%2Fb?outline=true")));
    }

    @Test
    void offsetAndLimitPageTheChildren() {
        assertSameJson("""
                {"type":"array","size":5,"offset":1,"children":[
                  {"index":1,"type":"object","size":1},
                  {"index":2,"type":"array","size":2}]}""", text(get("/data/arr?outline=true&offset=1&limit=2")));
        assertSameJson("{\"type\":\"array\",\"size\":5,\"offset\":9,\"children\":[]}",
                text(get("/data/arr?outline=true&offset=9")));
    }

    @Test
    void theOutlineHasItsOwnEntityTagPerPageAndRevalidates() {
        String value = get("/data/app").header("ETag");
        String outline = get("/data/app?outline=true").header("ETag");
        String page = get("/data/app?outline=true&limit=2").header("ETag");
        assertNotEquals(value, outline);
        assertNotEquals(outline, page);
        assertEquals(304, server.http().header("If-None-Match", outline).get("/data/app?outline=true").statusCode());
        assertEquals(200, server.http().header("If-None-Match", outline).get("/data/app").statusCode());
    }

    @Test
    void withoutOutlineTheValueComesAsAlways() {
        assertSameJson("[10,{\"x\":1},[1,2],null,true]", text(get("/data/arr?outline=false")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"outline=yes", "outline=true&limit=0", "outline=true&limit=10001", "outline=true&offset=-1",
        "outline=true&offset=x", "offset=1", "limit=5"})
    void badOptionsAre400(String query) {
        assertProblem(get("/data/app?" + query), 400, "invalid-input");
    }

    @Test
    void aMissingPathIs404AsForTheValue() {
        assertProblem(get("/data/app/nothing?outline=true"), 404, "not-found");
    }

    @Test
    void aLongPollAnswersWithTheOutline() {
        long seq = Api.version(server).seq();
        Response r = get("/data/app/db?outline=true&wait=0&timeout=1s");
        assertEquals(200, r.statusCode());
        assertSameJson("""
                {"type":"object","size":2,"offset":0,"children":[
                  {"key":"host","type":"string","value":"h"},{"key":"pool","type":"object","size":1}]}""", text(r));
        assertEquals(seq, Long.parseLong(r.header("X-Lighthouse-Seq")));
    }

    @Test
    void aWatchSendsOutlinesFirstNowThenAfterEachCommit() throws Exception {
        try (EventStreamClient stream = EventStreamClient.open(server.url() + "/watch/?outline=true", null)) {
            EventStreamClient.Event first = stream.next(Duration.ofSeconds(5));
            assertEquals("value", first.name());
            assertTrue(first.data().startsWith("{\"type\":\"object\",\"size\":4,"), first.data());
            Api.patchOk(server, "/", Api.MERGE, "{\"added\":{\"k\":1}}");
            try {
                EventStreamClient.Event next = stream.next(Duration.ofSeconds(5));
                assertEquals(String.valueOf(Api.version(server).seq()), next.id());
                assertTrue(next.data().contains("{\"key\":\"added\",\"type\":\"object\",\"size\":1}"), next.data());
            } finally {
                Api.patchOk(server, "/", Api.MERGE, "{\"added\":null}");
            }
        }
    }
}
