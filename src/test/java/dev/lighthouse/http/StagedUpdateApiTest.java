package dev.lighthouse.http;

import static dev.lighthouse.testing.Api.assertProblem;
import static dev.lighthouse.testing.Api.assertSameJson;
import static dev.lighthouse.testing.Api.json;
import static dev.lighthouse.testing.Api.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.RawHttp;
import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /update/N/...}: the holder's staged document. Each test starts from
 * {@link #BASE} committed and the lock held as {@code op}.
 */
class StagedUpdateApiTest {

    static final String BASE = "{\"app\":{\"port\":1,\"host\":\"h\"},\"arr\":[1,2,3],\"n\":5,\"s\":\"str\","
            + "\"keep\":{\"k\":true}}";

    @TempDir
    static Path dataDir;

    static TestServer server;
    /** The version holding BASE; a test that commits puts BASE back and updates this. */
    static Api.Ver base;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir);
        base = Api.commitDocument(server, BASE);
    }

    @AfterAll
    static void stop() throws Exception {
        Api.assertNo5xx(server);
        server.close();
    }

    @BeforeEach
    void takeTheLock() {
        Api.acquire(server, "op");
    }

    @AfterEach
    void readersSawNothingAndTheLockIsFreed() {
        Api.abortIfHeld(server, "op");
        Api.assertUnchanged(server, base);
        assertSameJson(BASE, Api.data(server, ""));
    }

    private String staged(String path) {
        return Api.staged(server, "op", path);
    }

    private int stagedCount() {
        return Api.lockState(server).get("staged").asInt();
    }

    @Test
    void getShowsTheStagedDocumentAsItWouldBeCommitted() {
        assertSameJson(BASE, staged(""));
        assertSameJson(BASE, text(server.http().get("/update/op")));
        Api.stageOk(server, "op", "app/port", "2");

        assertSameJson(BASE.replace("\"port\":1", "\"port\":2"), staged(""));
        assertSameJson("2", staged("app/port"));
        assertSameJson("[1,2,3]", staged("arr"));
        assertEquals("/nope", assertProblem(server.http().get("/update/op/nope"), 404, "not-found").get("path").asText());
        assertProblem(server.http().get("/update/op/arr/x"), 400, "invalid-input");
    }

    @Test
    void putCreatesMissingParentObjectsAndLeavesSiblingsInPlace() {
        Api.stageOk(server, "op", "new/a/b", "{\"c\":1}");
        Api.stageOk(server, "op", "app/extra/deep", "1");

        assertSameJson("{\"a\":{\"b\":{\"c\":1}}}", staged("new"));
        assertSameJson("{\"port\":1,\"host\":\"h\",\"extra\":{\"deep\":1}}", staged("app"));
        assertSameJson("{\"k\":true}", staged("keep"));
    }

    @Test
    void putReplacesAnExistingMemberWhereItStands() {
        Api.stageOk(server, "op", "app/port", "\"eighty\"");
        assertSameJson("{\"port\":\"eighty\",\"host\":\"h\"}", staged("app"));
    }

    @Test
    void putKeyWithEncodedSlash() {
        Api.stageOk(server, "op", "a%2Fb", "1");
        assertSameJson("1", staged("a%2Fb"));
        assertEquals(1, json(staged("")).get("a/b").asInt());
    }

    @Test
    void arrayPutsAppendWithDashOrLengthAndReplaceBelowIt() {
        Api.stageOk(server, "op", "arr/-", "4");
        assertSameJson("[1,2,3,4]", staged("arr"));
        Api.stageOk(server, "op", "arr/4", "5");
        assertSameJson("[1,2,3,4,5]", staged("arr"));
        Api.stageOk(server, "op", "arr/0", "0");
        assertSameJson("[0,2,3,4,5]", staged("arr"));
    }

    @ParameterizedTest(name = "PUT {0} -> {1}")
    @CsvSource({
        "arr/9, 404", "arr/5/x, 404", "arr/01, 400", "arr/-1, 400", "arr/x, 400", "arr/-/x, 400",
        "n/x, 409", "s/0, 409", "arr/0/x, 409", "app/port/x/y, 409",
        "app/%2e%2e, 400", "app/a%00, 400",
    })
    void putThatDoesNotFitIsRefusedAndStagesNothing(String path, int status) {
        Api.stageOk(server, "op", "marker", "1");
        String before = staged("");

        Response r = Api.stage(server, "op", path, "7");

        assertProblem(r, status, null);
        assertSameJson(before, staged(""));
        assertEquals(1, stagedCount());
    }

    @ParameterizedTest(name = "{0} {1} -> 400")
    @CsvSource({"PUT, /update/op/app//port", "PUT, /update/op/app/", "PUT, /update/op//app", "PUT, /update/op/./app",
        "PUT, /update/op/app/../n", "DELETE, /update/op/app//port", "DELETE, /update/op/app/./port",
        "PATCH, /update/op/app//x", "GET, /update/op/app//port", "GET, /update/op/app/.."})
    void pathsThatWouldNeedNormalisingAreRejected(String method, String target) throws Exception {
        // Raw socket: the HTTP client library would collapse '//' and dot segments before sending.
        RawHttp.Reply reply = RawHttp.send(server.port(), method, target,
                method.equals("PATCH") ? Api.MERGE : Api.JSON, method.equals("GET") || method.equals("DELETE")
                        ? null : "7".getBytes(StandardCharsets.UTF_8));
        assertProblem(reply, 400, "invalid-input");
        assertSameJson(BASE, staged(""));
        assertEquals(0, stagedCount());
    }

    @Test
    void putOfTheRootReplacesTheWholeDocument() {
        Api.stageOk(server, "op", "", "{\"only\":[true]}");
        assertSameJson("{\"only\":[true]}", staged(""));
        JsonNode committed = Api.commitOk(server, "op");
        assertSameJson("{\"only\":[true]}", Api.data(server, ""));
        base = Api.commitDocument(server, BASE);
        assertEquals(committed.get("seq").asLong() + 1, base.seq());
    }

    @ParameterizedTest(name = "PUT /update/op/ {0} -> 400")
    @ValueSource(strings = {"[]", "[{}]", "\"doc\"", "1", "null", "true"})
    void rootMustStayAnObject(String value) {
        assertProblem(Api.stage(server, "op", "", value), 400, "invalid-input");
        assertSameJson(BASE, staged(""));
        assertEquals(0, stagedCount());
    }

    @Test
    void mergePatchFollowsRfc7396AtThePath() {
        Response r = server.http().contentType(Api.MERGE)
                .body("{\"port\":null,\"host\":\"h2\",\"new\":{\"a\":1}}").patch("/update/op/app");
        assertEquals(200, r.statusCode(), () -> text(r));
        assertSameJson("{\"host\":\"h2\",\"new\":{\"a\":1}}", staged("app"));

        server.http().contentType(Api.MERGE).body("{\"arr\":[9],\"n\":null}").patch("/update/op/").then().statusCode(200);
        assertSameJson("[9]", staged("arr"));
        assertProblem(server.http().get("/update/op/n"), 404, "not-found");

        server.http().contentType(Api.MERGE).body("{\"a\":{\"b\":1}}").patch("/update/op/created/here").then()
                .statusCode(200);
        assertSameJson("{\"here\":{\"a\":{\"b\":1}}}", staged("created"));
        assertEquals(3, stagedCount());
    }

    @Test
    void jsonPatchPointersAreRelativeToThePath() {
        Response r = server.http().contentType(Api.JSON_PATCH)
                .body("[{\"op\":\"add\",\"path\":\"/x\",\"value\":1},{\"op\":\"remove\",\"path\":\"/host\"}]")
                .patch("/update/op/app");
        assertEquals(200, r.statusCode(), () -> text(r));
        assertSameJson("{\"port\":1,\"x\":1}", staged("app"));
        assertSameJson("{\"k\":true}", staged("keep"));
    }

    @Test
    void failedJsonPatchStagesNothing() {
        Response r = server.http().contentType(Api.JSON_PATCH)
                .body("[{\"op\":\"add\",\"path\":\"/x\",\"value\":1},{\"op\":\"test\",\"path\":\"/port\",\"value\":2}]")
                .patch("/update/op/app");
        assertProblem(r, 409, "conflict");
        assertSameJson(BASE, staged(""));
        assertEquals(0, stagedCount());
    }

    @ParameterizedTest(name = "Content-Type {0} -> 415")
    @ValueSource(strings = {"application/json", "text/plain", "application/patch+json"})
    void patchTakesOnlyThePatchMediaTypes(String type) {
        assertProblem(server.http().contentType(type).body("{}").patch("/update/op/app"), 415, "unsupported-media-type");
        assertSameJson(BASE, staged(""));
    }

    @Test
    void patchWithoutContentTypeIs415() {
        assertProblem(server.http().body("{}".getBytes()).patch("/update/op/app"), 415, "unsupported-media-type");
    }

    @Test
    void deleteRemovesMembersAndArrayElements() {
        assertEquals(200, server.http().delete("/update/op/app/host").statusCode());
        assertEquals(200, server.http().delete("/update/op/arr/1").statusCode());
        assertSameJson("{\"port\":1}", staged("app"));
        assertSameJson("[1,3]", staged("arr"));
        assertEquals(2, stagedCount());
    }

    @ParameterizedTest(name = "DELETE {0} -> {1} {2}")
    @CsvSource({"nope, 404, /nope", "app/nope, 404, /app/nope", "nope/deeper, 404, /nope", "arr/3, 404, /arr/3",
        "n/x, 404, /n/x"})
    void deleteOfSomethingAbsentIs404(String path, int status, String missing) {
        JsonNode problem = assertProblem(server.http().delete("/update/op/" + path), status, "not-found");
        assertEquals(missing, problem.get("path").asText());
        assertEquals(0, stagedCount());
    }

    @Test
    void deleteOfTheRootIs400() {
        assertProblem(server.http().delete("/update/op/"), 400, "invalid-input");
        assertSameJson(BASE, staged(""));
    }

    @Test
    void everyEditIsCountedAndRepliesWithTheLockState() {
        JsonNode afterPut = Api.stageOk(server, "op", "a", "1");
        assertEquals(1, afterPut.get("staged").asInt());
        assertEquals("op", afterPut.get("name").asText());
        assertEquals(base.seq(), afterPut.get("base").asLong());
        JsonNode afterPatch = json(server.http().contentType(Api.MERGE).body("{\"b\":2}").patch("/update/op/"));
        assertEquals(2, afterPatch.get("staged").asInt());
        JsonNode afterDelete = json(server.http().delete("/update/op/a"));
        assertEquals(3, afterDelete.get("staged").asInt());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "{", "{\"a\":1,\"a\":2}", "[1,]", "nul", "1 2", "{'a':1}", "NaN"})
    void malformedBodyIs400AndStagesNothing(String body) {
        assertProblem(Api.stage(server, "op", "x", body), 400, "invalid-input");
        assertEquals(0, stagedCount());
        assertSameJson(BASE, staged(""));
    }

    @Test
    void readersOfDataSeeNothingUntilCommitThenEverythingAtOnce() {
        Response before = server.http().get("/data/");
        Api.stageOk(server, "op", "app/port", "2");
        Api.stageOk(server, "op", "arr/-", "4");
        server.http().delete("/update/op/s").then().statusCode(200);

        Response during = server.http().get("/data/");
        assertEquals(before.header("ETag"), during.header("ETag"));
        assertEquals(before.header("X-Lighthouse-Seq"), during.header("X-Lighthouse-Seq"));
        assertSameJson(BASE, text(during));
        assertSameJson("1", Api.data(server, "app/port"));
        Api.assertUnchanged(server, base);

        String expected = staged("");
        JsonNode committed = Api.commitOk(server, "op");
        assertEquals(base.seq() + 1, committed.get("seq").asLong());
        assertSameJson(expected, Api.data(server, ""));
        base = Api.commitDocument(server, BASE);
    }
}
