package dev.lighthouse.http;

import static dev.lighthouse.testing.Api.assertProblem;
import static dev.lighthouse.testing.Api.assertSameJson;
import static dev.lighthouse.testing.Api.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /update/N/{path}} with {@code Accept: application/json-patch+json}: what a commit would change. */
class StagedDiffApiTest {

    @TempDir
    Path dataDir;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dataDir);
        Api.commitDocument(server, "{\"app\":{\"port\":1,\"host\":\"h\"},\"keep\":[1,2]}");
        Api.acquire(server, "op");
    }

    @AfterEach
    void stop() throws Exception {
        Api.assertNo5xx(server);
        server.close();
    }

    private Response diff(String path) {
        return server.http().accept(Api.JSON_PATCH).get("/update/op/" + path);
    }

    @Test
    void nothingStagedIsAnEmptyPatch() {
        Response r = diff("");
        assertEquals(200, r.statusCode());
        assertEquals(Api.JSON_PATCH, r.contentType());
        assertSameJson("[]", text(r));
    }

    @Test
    void listsEachStagedChangeAndChangesNothing() {
        Api.stageOk(server, "op", "app/port", "2");
        Api.stageOk(server, "op", "new", "{\"x\":true}");
        server.http().delete("/update/op/app/host").then().statusCode(200);
        Api.Ver before = Api.version(server);
        assertSameJson("""
                [{"op":"remove","path":"/app/host"},{"op":"replace","path":"/app/port","value":2},
                 {"op":"add","path":"/new","value":{"x":true}}]""", text(diff("")));
        assertSameJson("[{\"op\":\"replace\",\"path\":\"\",\"value\":2}]", text(diff("app/port")));
        assertEquals(before, Api.version(server));
        assertEquals(3, Api.lockState(server).get("staged").asInt());
    }

    @Test
    void aPathOnlyTheStagedDocumentHasIsOneAdd() {
        Api.stageOk(server, "op", "new", "{\"x\":true}");
        assertSameJson("[{\"op\":\"add\",\"path\":\"\",\"value\":{\"x\":true}}]", text(diff("new")));
    }

    @Test
    void withoutTheAcceptHeaderTheStagedValueComesAsBefore() {
        Api.stageOk(server, "op", "app/port", "2");
        assertSameJson("{\"port\":2,\"host\":\"h\"}", text(server.http().get("/update/op/app")));
    }

    @Test
    void anotherNameIs409AndAPathNeitherHasIs404() {
        assertProblem(server.http().accept(Api.JSON_PATCH).get("/update/other/"), 409, "lock-held");
        assertProblem(diff("nothing/here"), 404, "not-found");
    }
}
