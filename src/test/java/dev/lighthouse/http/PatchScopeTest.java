package dev.lighthouse.http;

import static dev.lighthouse.testing.Api.MERGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lighthouse.config.ConfigFile;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code PATCH /data/{path}} with access control: a write grant is needed on each path the
 * write touches (a JSON Patch's copy and move sources included), not on {@code {path}} itself,
 * and a patch that touches anything else is refused whole.
 */
class PatchScopeTest {

    private static final String ADMIN = "admin-token-0123456789";
    private static final String DEPLOYER = "deployer-token-0123456789";
    private static final String DB = "db-token-0123456789";
    private static final String READER = "reader-token-0123456789";
    private static final String JSON_PATCH = "application/json-patch+json";

    @TempDir
    Path dir;
    TestServer server;

    private static String token(String name, String token, String path, boolean write) {
        return "{\"name\":\"" + name + "\",\"sha512\":\"" + DigestUtils.sha512Hex(token) + "\",\"grants\":[{\"path\":\""
                + path + "\",\"read\":true,\"write\":" + write + "}]}";
    }

    @BeforeEach
    void start() throws Exception {
        Path conf = dir.resolve("lighthouse.json");
        Files.writeString(conf, "{\"access\":{\"publicRead\":[\"/public\"],\"tokens\":[" + token("admin", ADMIN, "/", true) + ","
                + token("deployer", DEPLOYER, "/app", true) + "," + token("db", DB, "/app/db", true) + ","
                + token("reader", READER, "/", false) + "]}}");
        server = TestServer.start(dir.resolve("data.d"), cfg -> cfg.withAccess(ConfigFile.read(conf).access(), conf));
        as(ADMIN).contentType(MERGE).body("{\"app\":{\"web\":{\"port\":80}},\"other\":{\"x\":1}}").patch("/data/")
                .then().statusCode(200);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private RequestSpecification as(String token) {
        return server.http().header("Authorization", "Bearer " + token);
    }

    private String document() {
        return Api.canonical(Api.text(as(ADMIN).get("/data/")));
    }

    @Test
    void aRootMergePatchThatTouchesOnlyTheGrantedSubtreeIsAccepted() {
        JsonNode committed = Api.json(as(DEPLOYER).contentType(MERGE).body("{\"app\":{\"y\":7}}").patch("/data/")
                .then().statusCode(200).extract().response()).get("committed");
        assertEquals("[\"/app/y\"]", committed.get("changed").toString());
        assertEquals("7", Api.text(as(ADMIN).get("/data/app/y")).trim());
        assertEquals("deployer", Api.json(as(ADMIN).get("/versions?limit=1")).get(0).get("by").asText());
    }

    @Test
    void aRootMergePatchThatAlsoTouchesAnotherSubtreeIsRefusedWhole() {
        Api.Ver before = Api.version(server);
        String document = document();
        Response reply = as(DEPLOYER).contentType(MERGE).body("{\"app\":{\"y\":7},\"other\":{\"x\":2}}").patch("/data/");
        JsonNode problem = Api.assertProblem(reply, 403, "forbidden");
        assertTrue(problem.get("detail").asText().contains("/other"), problem.toString());
        Api.assertUnchanged(server, before);
        assertEquals(document, document(), "nothing applied, /app/y included");
        Api.assertProblem(as(DEPLOYER).contentType(MERGE).body("{\"other\":null}").patch("/data/"), 403, "forbidden");
        Api.assertUnchanged(server, before);
    }

    @Test
    void parentsOnTheWayToAGrantMayBeWalkedThroughButNotReplaced() {
        as(DB).contentType(MERGE).body("{\"app\":{\"db\":{\"host\":\"db1\"}}}").patch("/data/").then().statusCode(200);
        assertEquals("\"db1\"", Api.text(as(ADMIN).get("/data/app/db/host")).trim());
        Api.Ver before = Api.version(server);
        Api.assertProblem(as(DB).contentType(MERGE).body("{\"app\":\"flat\"}").patch("/data/"), 403, "forbidden");
        Api.assertProblem(as(DB).contentType(MERGE).body("{\"app\":{\"web\":null}}").patch("/data/app"), 403,
                "forbidden");
        Api.assertUnchanged(server, before);
    }

    @Test
    void aRootJsonPatchNeedsAGrantOnEveryPathItChangesAndEverySourceItReads() {
        as(DEPLOYER).contentType(JSON_PATCH).body("[{\"op\":\"add\",\"path\":\"/app/z\",\"value\":1},"
                + "{\"op\":\"move\",\"from\":\"/app/z\",\"path\":\"/app/w\"},"
                + "{\"op\":\"copy\",\"from\":\"/app/web\",\"path\":\"/app/web2\"},"
                + "{\"op\":\"test\",\"path\":\"/other/x\",\"value\":1}]").patch("/data/").then().statusCode(200);
        assertEquals("1", Api.text(as(ADMIN).get("/data/app/w")).trim());
        Api.Ver before = Api.version(server);
        String document = document();
        for (String patch : List.of(
                "[{\"op\":\"copy\",\"from\":\"/other/x\",\"path\":\"/app/x\"}]",
                "[{\"op\":\"move\",\"from\":\"/other/x\",\"path\":\"/app/x\"}]",
                "[{\"op\":\"add\",\"path\":\"/app/ok\",\"value\":1},{\"op\":\"replace\",\"path\":\"/other/x\",\"value\":2}]",
                "[{\"op\":\"move\",\"from\":\"/app/w\",\"path\":\"/other/w\"}]")) {
            Api.assertProblem(as(DEPLOYER).contentType(JSON_PATCH).body(patch).patch("/data/"), 403, "forbidden");
            Api.assertUnchanged(server, before);
            assertEquals(document, document(), patch);
        }
    }

    @Test
    void aCallerWithNoWriteGrantThereIsRefusedBeforeItsBodyIsRead() {
        Api.Ver before = Api.version(server);
        Api.assertProblem(as(READER).contentType(MERGE).body("{\"app\":{\"y\":1}}").patch("/data/"), 403, "forbidden");
        Api.assertProblem(as(DEPLOYER).contentType("text/plain").body("not json").patch("/data/other"), 403,
                "forbidden");
        Api.assertProblem(server.http().contentType(MERGE).body("{\"app\":{\"y\":1}}").patch("/data/"), 401,
                "unauthorized");
        Api.assertUnchanged(server, before);
    }

    @Test
    void ifMatchStillDecidesWhichVersionTheCheckedPatchAppliesTo() {
        long seq = Api.version(server).seq();
        Api.assertProblem(as(DEPLOYER).contentType(MERGE).header("If-Match", "\"" + (seq - 1) + "\"")
                .body("{\"app\":{\"y\":1}}").patch("/data/"), 412, "precondition-failed");
        as(DEPLOYER).contentType(MERGE).header("If-Match", "\"" + seq + "\"").body("{\"app\":{\"y\":1}}").patch("/data/")
                .then().statusCode(200);
    }

    /** Each deployer patch is checked against the version it applies to, however many commits come first. */
    @Test
    void concurrentCommitsNeitherLeakPastTheCheckNorFailTheCheckedPatches() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Integer>> replies = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String key = "k" + i;
                replies.add(CompletableFuture.supplyAsync(() -> as(DEPLOYER).contentType(MERGE)
                        .body("{\"app\":{\"" + key + "\":1}}").patch("/data/").statusCode(), clients));
                replies.add(CompletableFuture.supplyAsync(() -> as(ADMIN).contentType(MERGE)
                        .body("{\"other\":{\"" + key + "\":1}}").patch("/data/").statusCode(), clients));
            }
            for (CompletableFuture<Integer> reply : replies) {
                assertEquals(200, reply.get());
            }
        } finally {
            clients.shutdownNow();
        }
        JsonNode app = Api.json(as(ADMIN).get("/data/app"));
        for (int i = 0; i < 12; i++) {
            assertEquals(1, app.get("k" + i).asInt(), "k" + i);
        }
    }
}
