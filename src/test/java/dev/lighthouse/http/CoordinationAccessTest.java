package dev.lighthouse.http;

import static dev.lighthouse.testing.Api.MERGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lighthouse.config.ConfigFile;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.CoordApi;
import dev.lighthouse.testing.EventStreamClient;
import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions and groups under access control: a grant (or derived key) for {@code /app} covers
 * groups {@code app/...} (read to get, list and follow; write to join and leave), a session
 * belongs to the token that opened it, and opening one needs a write grant somewhere.
 */
class CoordinationAccessTest {

    private static final String ADMIN = "admin-token-0123456789";
    private static final String DEPLOYER = "deployer-token-0123456789";
    private static final String READER = "reader-token-0123456789";
    private static final String DB = "db-token-0123456789";
    private static final String SECRET = "s3cr3t-coordination";
    private static final Duration SOON = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    TestServer server;
    String before;

    private static String token(String name, String token, String path, boolean write) {
        return "{\"name\":\"" + name + "\",\"sha512\":\"" + DigestUtils.sha512Hex(token) + "\",\"grants\":[{\"path\":\""
                + path + "\",\"read\":true,\"write\":" + write + "}]}";
    }

    @BeforeEach
    void start() throws Exception {
        Path conf = dir.resolve("lighthouse.json");
        Files.writeString(conf, "{\"access\":{\"secrets\":[\"" + SECRET + "\"],\"publicRead\":[\"/public\"],\"tokens\":["
                + token("admin", ADMIN, "/", true) + "," + token("deployer", DEPLOYER, "/app", true) + ","
                + token("reader", READER, "/app", false) + "," + token("db", DB, "/app/db", true) + "]}}");
        server = TestServer.start(dir.resolve("data.d"), cfg -> cfg.withAccess(ConfigFile.read(conf).access(), conf));
        as(ADMIN).contentType(MERGE).body("{\"app\":{\"db\":{\"x\":1},\"web\":1},\"other\":1}").patch("/data/")
                .then().statusCode(200);
        before = version();
    }

    @AfterEach
    void stop() throws Exception {
        assertEquals(before, version(), "no coordination request changes the document");
        server.close();
    }

    private RequestSpecification as(String token) {
        return server.http().header("Authorization", "Bearer " + token);
    }

    /** The document's seq and checksum, as the admin reads them. */
    private String version() {
        JsonNode version = Api.json(as(ADMIN).get("/version"));
        return version.get("seq").asText() + " " + version.get("checksum").asText();
    }

    private static String derivedKey(String prefix) {
        return prefix + ":" + DigestUtils.sha512Hex(prefix + SECRET);
    }

    private String sessionOf(String token) {
        return CoordApi.session(as(token));
    }

    private Response join(String token, String group, String member, String session) {
        return CoordApi.join(as(token), group, member, "{\"session\":\"" + session + "\"}");
    }

    @Test
    void openingASessionNeedsATokenWithAWriteGrant() {
        Api.assertProblem(CoordApi.openSession(server.http(), null), 401, "unauthorized");
        Api.assertProblem(CoordApi.openSession(as(READER), null), 403, "forbidden");
        assertEquals(201, CoordApi.openSession(as(DB), null).statusCode());
        assertEquals(201, CoordApi.openSession(as(derivedKey("/app/kv")), null).statusCode());
    }

    @Test
    void aSessionBelongsToTheTokenThatOpenedIt() {
        String mine = sessionOf(DEPLOYER);
        String theirs = sessionOf(DB);
        as(DEPLOYER).get("/sessions/" + mine).then().statusCode(200);
        Api.assertProblem(as(DB).get("/sessions/" + mine), 403, "forbidden");
        Api.assertProblem(as(DB).put("/sessions/" + mine), 403, "forbidden");
        Api.assertProblem(as(DB).delete("/sessions/" + mine), 403, "forbidden");
        Api.assertProblem(server.http().get("/sessions/" + mine), 401, "unauthorized");
        Api.assertProblem(join(DB, "app/db/pool", "m", mine), 403, "forbidden");
        as(ADMIN).get("/sessions/" + mine).then().statusCode(200); // read on / sees every session

        assertEquals(Set.of(mine), ids(as(DEPLOYER).get("/sessions")));
        assertEquals(Set.of(theirs), ids(as(DB).get("/sessions")));
        assertEquals(Set.of(mine, theirs), ids(as(ADMIN).get("/sessions")));
        Api.assertProblem(server.http().get("/sessions"), 401, "unauthorized");

        as(DEPLOYER).delete("/sessions/" + mine).then().statusCode(204);
    }

    private static Set<String> ids(Response list) {
        assertEquals(200, list.statusCode(), Api.text(list));
        Set<String> ids = new HashSet<>();
        Api.json(list).forEach(session -> ids.add(session.get("id").asText()));
        return ids;
    }

    @Test
    void aGrantForAppCoversGroupsNamedAppSlashAnything() {
        String deployer = sessionOf(DEPLOYER);
        String db = sessionOf(DB);
        assertEquals(200, join(DEPLOYER, "app/web", "h1", deployer).statusCode());
        assertEquals(200, join(DB, "app/db/pool", "h1", db).statusCode());
        Api.assertProblem(join(DEPLOYER, "other", "h1", deployer), 403, "forbidden");
        Api.assertProblem(join(DEPLOYER, "application", "h1", deployer), 403, "forbidden");
        Api.assertProblem(join(DB, "app/web", "h2", db), 403, "forbidden");
        Api.assertProblem(CoordApi.leave(as(DB), "app/web", "h1", deployer), 403, "forbidden");
        Api.assertProblem(join(READER, "app/web", "h3", deployer), 403, "forbidden");

        as(READER).get("/groups/app/web").then().statusCode(200);
        as(READER).get("/groups/app/db/pool").then().statusCode(200);
        Api.assertProblem(as(DB).get("/groups/app/web"), 403, "forbidden");
        Api.assertProblem(server.http().get("/groups/app/web"), 401, "unauthorized");
        server.http().get("/groups/public/board").then().statusCode(200); // publicRead covers groups too
        Api.assertSameJson("[{\"group\":\"app/db/pool\",\"members\":1}]", Api.text(as(DB).get("/groups")));
        Api.assertSameJson("[{\"group\":\"app/db/pool\",\"members\":1},{\"group\":\"app/web\",\"members\":1}]",
                Api.text(as(READER).get("/groups")));

        String key = derivedKey("/app/kv");
        String keyed = sessionOf(key);
        assertEquals(200, join(key, "app/kv/leader", "k", keyed).statusCode());
        Api.assertProblem(join(key, "app/web", "k", keyed), 403, "forbidden");
        Api.assertProblem(as(key).get("/groups/app/web"), 403, "forbidden");
    }

    private Response hookOn(String token, String name, String group) {
        return as(token).contentType(Api.JSON).body("{\"name\":\"" + name + "\",\"group\":\"" + group
                + "\",\"url\":\"http://127.0.0.1:1/hook\"}").post("/hooks");
    }

    private Set<String> hookNames(String token) {
        Set<String> names = new HashSet<>();
        Api.json(as(token).get("/hooks")).forEach(h -> names.add(h.get("name").asText()));
        return names;
    }

    @Test
    void aGroupHookNeedsWriteOnTheGroupAndIsShownToThoseWhoMayReadIt() {
        Api.assertProblem(hookOn(READER, "web", "app/web"), 403, "forbidden");
        Api.assertProblem(hookOn(DB, "web", "app/web"), 403, "forbidden");
        Api.assertProblem(hookOn(DEPLOYER, "top", "other"), 403, "forbidden");
        assertEquals(Set.of(), hookNames(ADMIN), "a refused registration stores nothing");

        assertEquals(201, hookOn(DEPLOYER, "web", "app/web").statusCode());
        assertEquals(201, hookOn(DB, "db", "app/db").statusCode());
        assertEquals(Set.of("web", "db"), hookNames(READER));
        assertEquals(Set.of("db"), hookNames(DB));
        Api.assertProblem(as(DB).get("/hooks/web"), 403, "forbidden");
        assertEquals("app/web", Api.json(as(READER).get("/hooks/web")).get("group").asText());

        Api.assertProblem(as(DB).delete("/hooks/web"), 403, "forbidden");
        Api.assertProblem(as(READER).delete("/hooks/db"), 403, "forbidden");
        assertEquals(204, as(DEPLOYER).delete("/hooks/db").statusCode());
        assertEquals(Set.of("web"), hookNames(ADMIN));
    }

    @Test
    void followingAGroupNeedsReadOnIt() throws Exception {
        Api.assertProblem(as(DB).get("/groups/app/web?wait=0&timeout=1s"), 403, "forbidden");
        Api.assertProblem(as(DB).header("Accept", "text/event-stream").get("/groups/app/web"), 403, "forbidden");
        try (EventStreamClient stream = EventStreamClient.open(server.url() + "/groups/public/board", null)) {
            HttpResponse.ResponseInfo head = stream.head(SOON);
            assertEquals(200, head.statusCode(), "an anonymous client may follow a publicRead group");
        }
    }

    @Test
    void aFenceNeedsReadOnItsGroupAndHoldsForNarrowGrantsToo() {
        String deployer = sessionOf(DEPLOYER);
        String db = sessionOf(DB);
        join(DEPLOYER, "app/web", "h1", deployer).then().statusCode(200);
        long token = Api.json(join(DB, "app/db/lead", "d1", db)).get("token").asLong();
        Api.assertProblem(as(DB).header("Lighthouse-Fence", "app/web/h1=1").contentType(MERGE)
                .body("{\"x\":2}").patch("/data/app/db"), 403, "forbidden");

        // A root patch from a token granted /app/db is checked against what it touches; the fence still holds.
        Response fenced = as(DB).header("Lighthouse-Fence", "app/db/lead/d1=" + token).contentType(MERGE)
                .body("{\"app\":{\"db\":{\"x\":2}}}").patch("/data/");
        assertEquals(200, fenced.statusCode(), Api.text(fenced));
        before = version();
        JsonNode stale = Api.assertProblem(as(DB).header("Lighthouse-Fence", "app/db/lead/d1=" + (token + 1))
                .contentType(MERGE).body("{\"app\":{\"db\":{\"x\":3}}}").patch("/data/"), 412, "precondition-failed");
        assertTrue(stale.get("detail").asText().contains("app/db/lead/d1"), stale.toString());
    }
}
