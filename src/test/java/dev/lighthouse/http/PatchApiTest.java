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
import dev.lighthouse.testing.RawHttp;
import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code PATCH /data/{path}}: the one-request atomic edit (merge patch, JSON Patch, If-Match, lock interplay). */
class PatchApiTest {

    static final String DOC = "{\"app\":{\"list\":[1,2,3],\"obj\":{\"k\":\"v\"},\"n\":1},\"other\":{\"x\":1}}";

    @TempDir
    static Path dataDir;

    static TestServer server;
    Api.Ver base;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir);
    }

    @AfterAll
    static void stop() throws Exception {
        Api.assertNo5xx(server);
        server.close();
    }

    @BeforeEach
    void baseDocument() {
        base = Api.commitDocument(server, DOC);
    }

    private void assertNothingApplied() {
        Api.assertUnchanged(server, base);
        assertSameJson(DOC, Api.data(server, ""));
        assertFalse(Api.lockState(server).get("locked").asBoolean(), "the internal lock is released");
    }

    @Test
    void mergePatchCreatesThePathAndAnswersTheCommitReply() {
        Response r = Api.patch(server, "svc/web", Api.MERGE, "{\"port\":80}");

        assertEquals(200, r.statusCode(), () -> text(r));
        JsonNode reply = json(r);
        assertFalse(reply.get("locked").asBoolean());
        JsonNode committed = reply.get("committed");
        assertEquals(base.seq() + 1, committed.get("seq").asLong());
        assertEquals(List.of("/svc"), LockApiTest.strings(committed.get("changed")));
        Api.Ver now = Api.version(server);
        assertEquals(now.checksum(), committed.get("checksum").asText());
        assertEquals(now.timestamp(), committed.get("timestamp").asText());
        assertSameJson("{\"web\":{\"port\":80}}", Api.data(server, "svc"));
        JsonNode newest = json(server.http().get("/versions?limit=1")).get(0);
        assertEquals("patch", newest.get("lock").asText(), "recorded under lock name 'patch'");
        assertEquals(now.seq(), newest.get("seq").asLong());
        assertFalse(json(server.http().get("/lock")).get("locked").asBoolean());
    }

    @Test
    void mergePatchFollowsRfc7396AndKeepsMemberOrder() {
        Api.commitDocument(server, "{\"app\":{\"a\":1,\"b\":{\"c\":2,\"d\":3},\"arr\":[1,2],\"z\":0}}");
        Api.patchOk(server, "app", Api.MERGE, "{\"a\":null,\"b\":{\"c\":null,\"e\":4},\"arr\":[3],\"new\":\"x\"}");
        assertSameJson("{\"b\":{\"d\":3,\"e\":4},\"arr\":[3],\"z\":0,\"new\":\"x\"}", Api.data(server, "app"));
    }

    @Test
    void mergePatchAtAnEncodedKey() {
        Api.patchOk(server, "a%2Fb", Api.MERGE, "{\"k\":1}");
        assertEquals(1, json(Api.data(server, "")).get("a/b").get("k").asInt());
    }

    @Test
    void jsonPatchAppliesEveryOperationInOrderRelativeToThePath() {
        String patch = """
                [{"op":"test","path":"/n","value":1},
                 {"op":"add","path":"/list/1","value":9},
                 {"op":"add","path":"/list/-","value":4},
                 {"op":"remove","path":"/list/0"},
                 {"op":"replace","path":"/n","value":2},
                 {"op":"copy","from":"/obj","path":"/copied"},
                 {"op":"move","from":"/obj/k","path":"/moved"},
                 {"op":"add","path":"/obj/new","value":{"deep":true}},
                 {"op":"add","path":"/n","value":3},
                 {"op":"test","path":"/copied","value":{"k":"v"}}]""";

        JsonNode committed = Api.patchOk(server, "app", Api.JSON_PATCH, patch);

        assertEquals(base.seq() + 1, committed.get("seq").asLong(), "the whole patch is one version");
        assertSameJson("{\"list\":[9,2,3,4],\"obj\":{\"new\":{\"deep\":true}},\"n\":3,\"copied\":{\"k\":\"v\"},"
                + "\"moved\":\"v\"}", Api.data(server, "app"));
        assertSameJson("{\"x\":1}", Api.data(server, "other"));
    }

    @Test
    void jsonPatchPointersUnescapeTildeAndSlash() {
        Api.patchOk(server, "", Api.JSON_PATCH,
                "[{\"op\":\"add\",\"path\":\"/a~1b\",\"value\":1},{\"op\":\"add\",\"path\":\"/m~0n\",\"value\":2}]");
        JsonNode doc = json(Api.data(server, ""));
        assertEquals(1, doc.get("a/b").asInt());
        assertEquals(2, doc.get("m~n").asInt());
    }

    @Test
    void testComparesNumbersByValueAndObjectsRegardlessOfOrder() {
        Api.commitDocument(server, "{\"n\":1,\"o\":{\"a\":1,\"b\":[1,2.50]}}");
        JsonNode committed = Api.patchOk(server, "", Api.JSON_PATCH, """
                [{"op":"test","path":"/n","value":1.0},
                 {"op":"test","path":"/n","value":10e-1},
                 {"op":"test","path":"/o","value":{"b":[1.00,2.5],"a":1}},
                 {"op":"replace","path":"/n","value":2}]""");
        assertEquals(2, json(Api.data(server, "n")).asInt(), committed.toString());
    }

    @Test
    void testOnNumbersBeyondAnyDoubleOrDecimalRangeIsAnAnswerNotAnError() {
        // Not through Api.commitDocument: the test's own JSON reader cannot hold 1e9999999999 either.
        Api.acquire(server, "op");
        Api.stageOk(server, "op", "", "{\"huge\":1e9999999999,\"one\":1}");
        Api.commitOk(server, "op");
        Api.Ver stored = Api.version(server);
        for (String value : List.of("1", "1e-9999999999", "2e9999999999")) {
            assertProblem(Api.patch(server, "", Api.JSON_PATCH,
                    "[{\"op\":\"test\",\"path\":\"/huge\",\"value\":" + value + "}]"), 409, "conflict");
        }
        for (String value : List.of("1e9999999999", "1e-9999999999", "-1e9999999999")) {
            assertProblem(Api.patch(server, "", Api.JSON_PATCH,
                    "[{\"op\":\"test\",\"path\":\"/one\",\"value\":" + value + "}]"), 409, "conflict");
        }
        for (String same : List.of("1e9999999999", "10e9999999998", "0.1E+10000000000")) {
            assertTrue(Api.patchOk(server, "", Api.JSON_PATCH,
                    "[{\"op\":\"test\",\"path\":\"/huge\",\"value\":" + same + "}]").isNull(), same);
        }
        Api.assertUnchanged(server, stored);
    }

    @Test
    void failedTestIs409AndNothingIsApplied() {
        Response r = Api.patch(server, "app", Api.JSON_PATCH,
                "[{\"op\":\"add\",\"path\":\"/x\",\"value\":1},{\"op\":\"test\",\"path\":\"/n\",\"value\":99}]");
        assertProblem(r, 409, "conflict");
        assertNothingApplied();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "[{\"op\":\"remove\",\"path\":\"/nope\"}]",
        "[{\"op\":\"replace\",\"path\":\"/nope\",\"value\":1}]",
        "[{\"op\":\"move\",\"from\":\"/nope\",\"path\":\"/x\"}]",
        "[{\"op\":\"copy\",\"from\":\"/nope\",\"path\":\"/x\"}]",
        "[{\"op\":\"test\",\"path\":\"/nope\",\"value\":1}]",
        "[{\"op\":\"add\",\"path\":\"/nope/deeper\",\"value\":1}]",
        "[{\"op\":\"add\",\"path\":\"/list/9\",\"value\":1}]",
        "[{\"op\":\"add\",\"path\":\"/list/01\",\"value\":1}]",
        "[{\"op\":\"remove\",\"path\":\"/list/3\"}]",
        "[{\"op\":\"remove\",\"path\":\"/list/-\"}]",
        "[{\"op\":\"add\",\"path\":\"/n/x\",\"value\":1}]",
        "[{\"op\":\"add\",\"path\":\"/x\",\"value\":1},{\"op\":\"remove\",\"path\":\"/nope\"}]",
    })
    void patchThatDoesNotFitTheDataIs409AndNothingIsApplied(String patch) {
        assertProblem(Api.patch(server, "app", Api.JSON_PATCH, patch), 409, "conflict");
        assertNothingApplied();
    }

    @Test
    void moveIntoItsOwnChildIsRefused() {
        Response r = Api.patch(server, "app", Api.JSON_PATCH, "[{\"op\":\"move\",\"from\":\"/obj\",\"path\":\"/obj/k/x\"}]");
        assertTrue(r.statusCode() == 400 || r.statusCode() == 409, () -> text(r));
        assertProblem(r, r.statusCode(), null);
        assertNothingApplied();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "{\"op\":\"add\",\"path\":\"/x\",\"value\":1}",
        "[1]",
        "[[]]",
        "[{\"op\":\"add\",\"path\":\"/x\"}]",
        "[{\"op\":\"frob\",\"path\":\"/x\"}]",
        "[{\"path\":\"/x\",\"value\":1}]",
        "[{\"op\":\"add\",\"value\":1}]",
        "[{\"op\":\"add\",\"path\":\"x\",\"value\":1}]",
        "[{\"op\":\"add\",\"path\":\"/a~2\",\"value\":1}]",
        "[{\"op\":\"add\",\"path\":\"/a~\",\"value\":1}]",
        "[{\"op\":\"move\",\"path\":\"/x\"}]",
        "[{\"op\":\"copy\",\"path\":\"/x\",\"from\":7}]",
        "[{\"op\":1,\"path\":\"/x\"}]",
        "[{\"op\":\"add\",\"path\":5,\"value\":1}]",
        "[{\"op\":\"add\",\"op\":\"remove\",\"path\":\"/x\"}]",
        "[",
        "",
    })
    void invalidPatchIs400AndNothingIsApplied(String patch) {
        assertProblem(Api.patch(server, "app", Api.JSON_PATCH, patch), 400, "invalid-input");
        assertNothingApplied();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"[{\"op\":\"replace\",\"path\":\"\",\"value\":[]}]", "[{\"op\":\"remove\",\"path\":\"\"}]",
        "[{\"op\":\"add\",\"path\":\"\",\"value\":1}]"})
    void jsonPatchCannotLeaveARootThatIsNotAnObject(String patch) {
        Response r = Api.patch(server, "", Api.JSON_PATCH, patch);
        assertTrue(r.statusCode() == 400 || r.statusCode() == 409, () -> text(r));
        assertProblem(r, r.statusCode(), null);
        assertNothingApplied();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"[1]", "\"doc\"", "null", "7"})
    void mergePatchCannotLeaveARootThatIsNotAnObject(String patch) {
        assertProblem(Api.patch(server, "", Api.MERGE, patch), 400, "invalid-input");
        assertNothingApplied();
    }

    @ParameterizedTest(name = "Content-Type {0} -> 415")
    @ValueSource(strings = {"application/json", "text/plain", "application/json-patch", "application/xml",
        "application/merge-patch+json-x"})
    void otherContentTypesAre415(String type) {
        assertProblem(Api.patch(server, "app", type, "{\"n\":5}"), 415, "unsupported-media-type");
        assertNothingApplied();
    }

    @Test
    void missingContentTypeIs415() {
        assertProblem(server.http().body("{\"n\":5}".getBytes(StandardCharsets.UTF_8)).patch("/data/app"), 415,
                "unsupported-media-type");
        assertNothingApplied();
    }

    @Test
    void mediaTypeParametersAndCaseAreAccepted() {
        Api.patchOk(server, "app", "application/merge-patch+json; charset=utf-8", "{\"n\":5}");
        Api.patchOk(server, "app", "Application/JSON-Patch+JSON", "[{\"op\":\"replace\",\"path\":\"/n\",\"value\":6}]");
        assertEquals(6, json(Api.data(server, "app/n")).asInt());
    }

    @Test
    void ifMatchCommitsOnlyOnTheExpectedVersion() {
        Response stale = server.http().header("If-Match", "\"" + (base.seq() - 1) + "\"").contentType(Api.MERGE)
                .body("{\"n\":5}").patch("/data/app");
        assertProblem(stale, 412, "precondition-failed");
        Response future = server.http().header("If-Match", "\"" + (base.seq() + 1) + "\"").contentType(Api.MERGE)
                .body("{\"n\":5}").patch("/data/app");
        assertProblem(future, 412, "precondition-failed");
        assertNothingApplied();

        Response current = server.http().header("If-Match", "\"" + base.seq() + "\"").contentType(Api.MERGE)
                .body("{\"n\":5}").patch("/data/app");
        assertEquals(200, current.statusCode(), () -> text(current));
        assertEquals(base.seq() + 1, json(current).get("committed").get("seq").asLong());

        Response any = server.http().header("If-Match", "*").contentType(Api.MERGE).body("{\"n\":6}").patch("/data/app");
        assertEquals(200, any.statusCode(), () -> text(any));
    }

    @ParameterizedTest(name = "If-Match {0} -> 400")
    @ValueSource(strings = {"\"abc\"", "\"-1\"", "\"1.0\"", "\"\""})
    void malformedIfMatchIs400(String ifMatch) {
        assertProblem(server.http().header("If-Match", ifMatch).contentType(Api.MERGE).body("{\"n\":5}")
                .patch("/data/app"), 400, "invalid-input");
        assertNothingApplied();
    }

    @Test
    void whileAnOperatorHoldsTheLockPatchIs409AndTheStagedEditsSurvive() {
        Api.acquire(server, "op");
        Api.stageOk(server, "op", "staged", "true");
        try {
            JsonNode problem = assertProblem(Api.patch(server, "app", Api.MERGE, "{\"n\":5}"), 409, "lock-held");
            assertEquals("op", problem.get("holder").asText());
            Api.assertUnchanged(server, base);
            assertEquals(1, json(server.http().get("/lock")).get("staged").asInt());
            assertEquals("true", text(server.http().get("/update/op/staged")).trim());
        } finally {
            server.http().delete("/lock?name=op").then().statusCode(200);
        }
        Api.patchOk(server, "app", Api.MERGE, "{\"n\":5}");
    }

    @Test
    void patchThatChangesNothingMakesNoVersion() {
        int history = json(server.http().get("/versions")).size();
        assertTrue(Api.patchOk(server, "app", Api.MERGE, "{\"n\":1}").isNull());
        assertTrue(Api.patchOk(server, "app", Api.JSON_PATCH, "[{\"op\":\"test\",\"path\":\"/n\",\"value\":1}]").isNull());
        assertTrue(Api.patchOk(server, "app", Api.JSON_PATCH, "[]").isNull());
        assertNothingApplied();
        assertEquals(history, json(server.http().get("/versions")).size());
    }

    @ParameterizedTest(name = "PATCH {0} -> 400")
    @ValueSource(strings = {"/data/app//n", "/data/app/", "/data/./app", "/data/app/../other", "/data/app%00"})
    void pathsThatWouldNeedNormalisingAreRejected(String target) throws Exception {
        RawHttp.Reply reply = RawHttp.send(server.port(), "PATCH", target, Api.MERGE,
                "{\"n\":5}".getBytes(StandardCharsets.UTF_8));
        assertProblem(reply, 400, "invalid-input");
        assertNothingApplied();
    }
}
