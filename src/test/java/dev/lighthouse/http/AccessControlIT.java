package dev.lighthouse.http;

import static dev.lighthouse.testing.Api.JSON;
import static dev.lighthouse.testing.Api.MERGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lighthouse.config.ConfigFile;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.RawHttp;
import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code access} section: who may read, write, lock, hook, watch and see history, and what a refusal says. */
class AccessControlIT {

    private static final String ADMIN = "admin-token-0123456789";
    private static final String DEPLOYER = "deployer-token-0123456789";
    private static final String READER = "reader-token-0123456789";
    private static final String DB = "db-token-0123456789";
    private static final String SECRET = "s3cr3t-first";
    private static final String SECOND_SECRET = "s3cr3t-second";
    private static final Duration RELOAD = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    Path conf;
    TestServer server;

    static String derivedKey(String prefix, String secret) {
        return prefix + ":" + DigestUtils.sha512Hex(prefix + secret);
    }

    private static String token(String name, String token, String grants) {
        return "{\"name\":\"" + name + "\",\"sha512\":\"" + DigestUtils.sha512Hex(token) + "\",\"grants\":[" + grants + "]}";
    }

    private static String accessConf(String deployerGrants, String secrets, String extra) {
        return "{\"access\":{" + extra + "\"secrets\":[" + secrets + "],\"publicRead\":[\"/public\"],\"tokens\":["
                + token("admin", ADMIN, "{\"path\":\"/\",\"read\":true,\"write\":true}") + ","
                + token("deployer", DEPLOYER, deployerGrants) + ","
                + token("reader", READER, "{\"path\":\"/app\",\"read\":true}") + ","
                + token("db", DB, "{\"path\":\"/app/db\",\"read\":true,\"write\":true}") + "]}}";
    }

    private static final String DEPLOYER_GRANTS = "{\"path\":\"/app\",\"read\":true,\"write\":true}";

    private TestServer start(String confText) throws Exception {
        conf = dir.resolve("lighthouse.json");
        Files.writeString(conf, confText);
        Path dataDir = dir.resolve("data.d");
        return TestServer.start(dataDir, cfg -> cfg.withAccess(ConfigFile.read(conf).access(), conf));
    }

    @BeforeEach
    void startServer() throws Exception {
        server = start(accessConf(DEPLOYER_GRANTS, "\"" + SECRET + "\"", ""));
        as(ADMIN).contentType(MERGE).body("{\"app\":{\"web\":{\"port\":80}},\"public\":{\"motd\":\"hi\"},"
                + "\"other\":{\"x\":1},\"application\":{\"y\":2}}").patch("/data/").then().statusCode(200);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private RequestSpecification as(String token) {
        return server.http().header("Authorization", "Bearer " + token);
    }

    private RequestSpecification anonymous() {
        return server.http();
    }

    private static void assertRefused(Response reply, int status, String type, String secretNotEchoed) {
        JsonNode problem = Api.assertProblem(reply, status, type);
        if (secretNotEchoed != null) {
            assertFalse(reply.asString().contains(secretNotEchoed), "the problem echoes the token: " + reply.asString());
        }
        if (status == 401) {
            assertEquals("Bearer realm=\"lighthouse\"", reply.header("WWW-Authenticate"));
        }
        assertNotNull(problem.get("detail"));
    }

    // ---- reading ----

    @ParameterizedTest(name = "{0} GET {1} -> {2}")
    @CsvSource({
        "none, /data/public/motd, 200", "none, /data/app, 401", "none, /data/, 401", "none, /version, 200",
        "reader, /data/app, 200", "reader, /data/app/web/port, 200", "reader, /data/, 403", "reader, /data/other, 403",
        "reader, /data/application, 403", "reader, /data/public, 200", "reader, /data/app?wait=0&timeout=1s, 200",
        "reader, /data/other?wait=0&timeout=1s, 403", "reader, /versions, 403", "reader, /versions/1/data/app, 200",
        "reader, /versions/1/data/other, 403", "reader, /versions/0/diff/1, 403", "reader, /lock, 200",
        "reader, /cluster, 200", "admin, /versions, 200", "admin, /data/, 200", "db, /data/app, 403",
        "db, /data/app/db, 404", "none, /health, 200", "none, /metrics, 200", "none, /watch/app, 401",
        "reader, /watch/other, 403", "none, /hooks, 200"})
    void readGrants(String who, String target, int status) {
        RequestSpecification request = switch (who) {
            case "admin" -> as(ADMIN);
            case "reader" -> as(READER);
            case "db" -> as(DB);
            default -> anonymous();
        };
        Response reply = request.get(target);
        assertEquals(status, reply.statusCode(), who + " GET " + target + ": " + reply.asString());
        if (status == 401 || status == 403) {
            assertRefused(reply, status, status == 401 ? "unauthorized" : "forbidden", null);
        }
    }

    @Test
    void aWatchStreamNeedsARead() throws Exception {
        assertRefused(anonymous().get("/watch/app"), 401, "unauthorized", null);
        String request = "HEAD /watch/app HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + READER
                + "\r\nConnection: close\r\n\r\n";
        RawHttp.Reply head = RawHttp.exchange(server.port(), request.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                true);
        assertEquals(200, head.status());
        assertTrue(head.headers().get("content-type").startsWith("text/event-stream"), head.headers().toString());
    }

    @Test
    void anInvalidTokenIs401AndNeverEchoed() {
        String guess = "not-a-token-but-a-secret-looking-string";
        assertRefused(as(guess).get("/data/public/motd"), 401, "unauthorized", guess);
        assertRefused(server.http().header("Authorization", "Basic " + guess).get("/data/public/motd"), 401,
                "unauthorized", guess);
    }

    // ---- writing ----

    @ParameterizedTest(name = "{0} PATCH {1} -> {2}")
    @CsvSource({"none, /data/app, 401", "reader, /data/app, 403", "deployer, /data/app, 200",
        "deployer, /data/other, 403", "deployer, /data/application, 403", "db, /data/app/db, 200",
        "db, /data/app, 403", "admin, /data/other, 200"})
    void writeGrants(String who, String target, int status) {
        Api.Ver before = Api.version(server);
        RequestSpecification request = switch (who) {
            case "admin" -> as(ADMIN);
            case "deployer" -> as(DEPLOYER);
            case "reader" -> as(READER);
            case "db" -> as(DB);
            default -> anonymous();
        };
        Response reply = request.contentType(MERGE).body("{\"written\":true}").patch(target);
        assertEquals(status, reply.statusCode(), who + " PATCH " + target + ": " + reply.asString());
        if (status != 200) {
            Api.assertUnchanged(server, before);
        } else {
            JsonNode newest = Api.json(as(ADMIN).get("/versions?limit=1")).get(0);
            assertEquals(who, newest.get("by").asText(), "the version names who made it");
            assertEquals("patch", newest.get("lock").asText());
        }
    }

    @Test
    void theLockBelongsToTheTokenThatTookIt() {
        as(DEPLOYER).contentType(JSON).body("{\"name\":\"release\",\"locked\":true}").put("/lock")
                .then().statusCode(200);
        as(DEPLOYER).contentType(JSON).body("\"v2\"").put("/update/release/app/version").then().statusCode(200);
        assertRefused(as(DEPLOYER).contentType(JSON).body("1").put("/update/release/other/x"), 403, "forbidden", null);
        // Another token that knows the lock's name still cannot use it.
        assertRefused(as(ADMIN).contentType(JSON).body("1").put("/update/release/app/x"), 403, "forbidden", null);
        assertRefused(as(ADMIN).get("/update/release/app"), 403, "forbidden", null);
        assertRefused(as(ADMIN).contentType(JSON).body("{\"name\":\"release\",\"locked\":false}").put("/lock"), 403,
                "forbidden", null);
        assertRefused(as(ADMIN).queryParam("name", "release").delete("/lock"), 403, "forbidden", null);
        assertRefused(as(READER).contentType(JSON).body("{\"name\":\"mine\",\"locked\":true}").put("/lock"), 403,
                "forbidden", null);
        JsonNode committed = Api.json(as(DEPLOYER).contentType(JSON).body("{\"name\":\"release\",\"locked\":false}")
                .put("/lock").then().statusCode(200).extract().response()).get("committed");
        JsonNode newest = Api.json(as(ADMIN).get("/versions?limit=1")).get(0);
        assertEquals(committed.get("seq").asLong(), newest.get("seq").asLong());
        assertEquals("deployer", newest.get("by").asText());
        assertEquals("release", newest.get("lock").asText());
        assertEquals("\"v2\"", Api.text(as(READER).get("/data/app/version")).trim());
    }

    @Test
    void aCommitMayCreateParentsOnTheWayToItsGrantButTouchNothingElse() {
        as(DB).contentType(JSON).body("{\"name\":\"db\",\"locked\":true}").put("/lock").then().statusCode(200);
        as(DB).contentType(JSON).body("\"db1\"").put("/update/db/app/db/host").then().statusCode(200);
        as(DB).contentType(JSON).body("{\"name\":\"db\",\"locked\":false}").put("/lock").then().statusCode(200);
        assertEquals("\"db1\"", Api.text(as(ADMIN).get("/data/app/db/host")).trim());
    }

    @Test
    void grantsRevokedWhileEditsAreStagedHoldTheCommitBack() throws Exception {
        as(DEPLOYER).contentType(JSON).body("{\"name\":\"slow\",\"locked\":true,\"ttl\":\"5m\"}").put("/lock")
                .then().statusCode(200);
        as(DEPLOYER).contentType(JSON).body("2").put("/update/slow/app/replicas").then().statusCode(200);
        Api.Ver before = Api.version(server);
        reconfigure("{\"path\":\"/app\",\"read\":true}", "\"" + SECRET + "\"", false);
        assertRefused(as(DEPLOYER).contentType(MERGE).body("{\"z\":1}").patch("/data/app"), 403, "forbidden", null);
        assertRefused(as(DEPLOYER).contentType(JSON).body("{\"name\":\"slow\",\"locked\":false}").put("/lock"), 403,
                "forbidden", null);
        Api.assertUnchanged(server, before);
    }

    // ---- derived keys and secrets ----

    @Test
    void aDerivedKeyReadsAndWritesOnlyUnderItsPrefix() {
        String key = derivedKey("/app", SECRET);
        as(key).get("/data/app").then().statusCode(200);
        as(key).contentType(MERGE).body("{\"k\":1}").patch("/data/app").then().statusCode(200);
        assertEquals("key:/app", Api.json(as(ADMIN).get("/versions?limit=1")).get(0).get("by").asText());
        assertRefused(as(key).contentType(MERGE).body("{\"k\":1}").patch("/data/application"), 403, "forbidden", key);
        assertRefused(as(key).get("/data/other"), 403, "forbidden", key);
        // The key for /app does not open /application, and a key under another prefix is not valid for this one.
        String forged = "/application:" + DigestUtils.sha512Hex("/app" + SECRET);
        assertRefused(as(forged).get("/data/application"), 401, "unauthorized", forged);
        assertRefused(as(derivedKey("/app", "wrong-secret")).get("/data/app"), 401, "unauthorized", null);
    }

    /**
     * Rewrites the conf file and waits until the server runs on it. Probing with an invalid token
     * would count as failed logins, so each version of the file flips {@code openProbes} and the
     * wait watches {@code /health} answer a request without a token.
     */
    private void reconfigure(String deployerGrants, String secrets, boolean openProbes) throws Exception {
        Files.writeString(conf, accessConf(deployerGrants, secrets, "\"openProbes\":" + openProbes + ","));
        int expected = openProbes ? 200 : 401;
        Await.until("the server runs on the rewritten conf file", RELOAD,
                () -> anonymous().get("/health").statusCode() == expected);
    }

    @Test
    void secretsRotateWithoutARestart() throws Exception {
        String oldKey = derivedKey("/app", SECRET);
        String newKey = derivedKey("/app", SECOND_SECRET);
        assertRefused(as(newKey).get("/data/app"), 401, "unauthorized", null);
        reconfigure(DEPLOYER_GRANTS, "\"" + SECRET + "\",\"" + SECOND_SECRET + "\"", false);
        as(newKey).get("/data/app").then().statusCode(200);
        as(oldKey).get("/data/app").then().statusCode(200);
        reconfigure(DEPLOYER_GRANTS, "\"" + SECOND_SECRET + "\"", true);
        assertRefused(as(oldKey).get("/data/app"), 401, "unauthorized", oldKey);
        as(newKey).get("/data/app").then().statusCode(200);
    }

    @Test
    void aBrokenConfFileKeepsTheRulesInForce() throws Exception {
        Files.writeString(conf, "{\"access\":{\"tokens\":[{\"name\":\"x\"}]}}");
        // A later good edit proves the reloader saw (and rejected) the broken one in between.
        as(DEPLOYER).get("/data/app").then().statusCode(200);
        reconfigure(DEPLOYER_GRANTS, "\"" + SECRET + "\"", false);
        as(READER).get("/health").then().statusCode(200);
        as(READER).get("/metrics").then().statusCode(200);
        as(DEPLOYER).get("/data/app").then().statusCode(200);
    }

    // ---- hooks, cluster ----

    @Test
    void hooksNeedAWriteGrantOnTheirPathAndListOnlyWhatTheCallerMayRead() {
        String hook = "{\"name\":\"%s\",\"path\":\"%s\",\"url\":\"http://127.0.0.1:9/hook\"}";
        as(DEPLOYER).contentType(JSON).body(hook.formatted("app-hook", "/app")).post("/hooks").then().statusCode(201);
        as(ADMIN).contentType(JSON).body(hook.formatted("other-hook", "/other")).post("/hooks").then().statusCode(201);
        assertRefused(as(DEPLOYER).contentType(JSON).body(hook.formatted("x", "/other")).post("/hooks"), 403,
                "forbidden", null);
        assertRefused(as(READER).contentType(JSON).body(hook.formatted("y", "/app")).post("/hooks"), 403,
                "forbidden", null);
        List<String> seen = new ArrayList<>();
        Api.json(as(READER).get("/hooks")).forEach(h -> seen.add(h.get("name").asText()));
        assertEquals(List.of("app-hook"), seen);
        assertEquals(2, Api.json(as(ADMIN).get("/hooks")).size());
        assertRefused(as(READER).get("/hooks/other-hook"), 403, "forbidden", null);
        assertRefused(as(DEPLOYER).delete("/hooks/other-hook"), 403, "forbidden", null);
        as(DEPLOYER).delete("/hooks/app-hook").then().statusCode(204);
    }

    @Test
    void removingAClusterMemberNeedsWriteOnTheWholeDocument() {
        assertRefused(as(DEPLOYER).delete("/cluster/members/nobody"), 403, "forbidden", null);
        assertEquals(404, as(ADMIN).delete("/cluster/members/nobody").statusCode());
    }

    // ---- failed logins, audit ----

    @Test
    void tooManyInvalidTokensFromOneAddressAre429UntilTheWindowEnds() {
        for (int i = 0; i < 10; i++) {
            assertEquals(401, as("guess-" + i).get("/data/public/motd").statusCode());
        }
        Response blocked = as("guess-11").get("/data/public/motd");
        Api.assertProblem(blocked, 429, "too-many-failed-logins");
        assertTrue(Integer.parseInt(blocked.header("Retry-After")) > 0, blocked.header("Retry-After"));
        Api.assertProblem(as(ADMIN).get("/data/"), 429, "too-many-failed-logins");
        anonymous().get("/data/public/motd").then().statusCode(200);
    }

    @Test
    void everyCommitLeavesOneAuditLineNamingWhoWhichLockWhatAndSeq() {
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (lines) {
                    lines.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger audit = Logger.getLogger("lighthouse.audit");
        audit.addHandler(capture);
        try {
            long seq = Api.json(as(DEPLOYER).contentType(MERGE).body("{\"audited\":true}").patch("/data/app"))
                    .get("committed").get("seq").asLong();
            String expected = "commit seq=" + seq + " by=deployer lock=patch changed=[/app/audited]";
            // Written by data.d's writer thread, just after the commit's reply.
            Await.until("the audit line of version " + seq, RELOAD, () -> {
                synchronized (lines) {
                    return lines.stream().anyMatch(l -> l.startsWith(expected));
                }
            });
        } finally {
            audit.removeHandler(capture);
        }
    }
}
