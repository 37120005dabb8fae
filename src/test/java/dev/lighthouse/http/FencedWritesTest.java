package dev.lighthouse.http;

import static dev.lighthouse.testing.Api.JSON;
import static dev.lighthouse.testing.Api.MERGE;
import static dev.lighthouse.testing.CoordApi.joinOk;
import static dev.lighthouse.testing.CoordApi.leave;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.CoordApi;
import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code Lighthouse-Fence: <group>/<member>=<token>} on {@code PATCH /data} and on the commit:
 * the write applies only while that member holds with that token, and otherwise nothing of it.
 */
class FencedWritesTest {

    private static final String FENCE = "Lighthouse-Fence";

    @TempDir
    Path dataDir;
    TestServer server;
    String s1;
    String s2;
    long token1;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dataDir);
        Api.commitDocument(server, "{\"app\":{\"x\":1}}");
        s1 = CoordApi.session(server.http());
        s2 = CoordApi.session(server.http());
        token1 = joinOk(server.http(), "mysql", "db1", s1, 1).get("token").asLong();
    }

    @AfterEach
    void stop() throws Exception {
        Api.assertNo5xx(server);
        server.close();
    }

    private Response patch(String fence, String body) {
        return server.http().header(FENCE, fence).contentType(MERGE).body(body).patch("/data/app");
    }

    /** Makes db2 the holder, with a larger token than db1 had; returns that token. */
    private long handOver() {
        joinOk(server.http(), "mysql", "db2", s2, 1);
        leave(server.http(), "mysql", "db1", s1).then().statusCode(204);
        JsonNode db2 = CoordApi.group(server.http(), "mysql").get("members").get(0);
        assertTrue(db2.get("holder").asBoolean());
        return db2.get("token").asLong();
    }

    @Test
    void aPatchFencedByTheHolderWithItsTokenApplies() {
        patch("mysql/db1=" + token1, "{\"x\":2}").then().statusCode(200);
        assertEquals("2", Api.data(server, "app/x").trim());
    }

    @Test
    void aPatchFencedByAFormerHolderOrAnotherTokenIs412AndAppliesNothing() {
        long token2 = handOver();
        Api.Ver before = Api.version(server);
        JsonNode refused = Api.assertProblem(patch("mysql/db1=" + token1, "{\"x\":2}"), 412, "precondition-failed");
        assertTrue(refused.get("detail").asText().contains("mysql/db1"), refused.toString());
        Api.assertProblem(patch("mysql/db2=" + token1, "{\"x\":2}"), 412, "precondition-failed");
        Api.assertProblem(patch("mysql/none=" + token2, "{\"x\":2}"), 412, "precondition-failed");
        Api.assertProblem(patch("other/db2=" + token2, "{\"x\":2}"), 412, "precondition-failed");
        Api.assertUnchanged(server, before);
        patch("mysql/db2=" + token2, "{\"x\":3}").then().statusCode(200);
        assertEquals("3", Api.data(server, "app/x").trim());
    }

    @Test
    void aWaitingMembersFenceIs412() {
        joinOk(server.http(), "mysql", "db2", s2, 1);
        Api.Ver before = Api.version(server);
        Api.assertProblem(patch("mysql/db2=0", "{\"x\":2}"), 412, "precondition-failed");
        Api.assertUnchanged(server, before);
    }

    @Test
    void aCommitFencedByTheHolderCommits() {
        Api.acquire(server, "ops");
        Api.stageOk(server, "ops", "app/x", "5");
        Response commit = server.http().header(FENCE, "mysql/db1=" + token1).contentType(JSON)
                .body("{\"name\":\"ops\",\"locked\":false}").put("/lock");
        assertEquals(200, commit.statusCode(), Api.text(commit));
        assertEquals("5", Api.data(server, "app/x").trim());
    }

    @Test
    void aCommitWithAStaleFenceIs412AndTheLockKeepsItsStagedEdits() {
        Api.acquire(server, "ops");
        Api.stageOk(server, "ops", "app/x", "5");
        handOver();
        Api.Ver before = Api.version(server);
        Api.assertProblem(server.http().header(FENCE, "mysql/db1=" + token1).contentType(JSON)
                .body("{\"name\":\"ops\",\"locked\":false}").put("/lock"), 412, "precondition-failed");
        Api.assertUnchanged(server, before);
        JsonNode lock = Api.lockState(server);
        assertTrue(lock.get("locked").asBoolean(), "the refused commit released nothing: " + lock);
        assertEquals(1, lock.get("staged").asInt());
        Api.freeLock(server);
    }

    @Test
    void aFenceOnTakingTheLockIs400() {
        Response acquire = server.http().header(FENCE, "mysql/db1=" + token1).contentType(JSON)
                .body("{\"name\":\"ops\",\"locked\":true}").put("/lock");
        Api.assertProblem(acquire, 400, "invalid-input");
        assertTrue(!Api.lockState(server).get("locked").asBoolean());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "mysql", "mysql=1", "=1", "mysql/db1", "mysql/db1=", "mysql/db1=x", "mysql/db1=-1",
            "mysql/db1=1.0", "/db1=1", "members/db1=1", "a/members/db1=1", "my//sql/db1=1", "mysql/../db1=1",
            "mysql/db1=1234567890123456789", "mysql/%zz=1"})
    void aMalformedFenceIs400OnPatchAndCommitAndAppliesNothing(String fence) {
        Api.Ver before = Api.version(server);
        Api.assertProblem(patch(fence, "{\"x\":2}"), 400, "invalid-input");
        Api.acquire(server, "ops");
        Api.stageOk(server, "ops", "app/x", "5");
        Api.assertProblem(server.http().header(FENCE, fence).contentType(JSON)
                .body("{\"name\":\"ops\",\"locked\":false}").put("/lock"), 400, "invalid-input");
        Api.freeLock(server);
        Api.assertUnchanged(server, before);
    }

    @Test
    void twoFencesAre400() {
        Api.assertProblem(server.http().header(FENCE, "mysql/db1=" + token1).header(FENCE, "mysql/db1=" + token1)
                .contentType(MERGE).body("{\"x\":2}").patch("/data/app"), 400, "invalid-input");
    }
}
