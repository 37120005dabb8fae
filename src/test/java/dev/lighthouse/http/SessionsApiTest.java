package dev.lighthouse.http;

import static dev.lighthouse.testing.Api.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lighthouse.config.Limits;
import dev.lighthouse.coord.CoordinationLimits;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.CoordApi;
import dev.lighthouse.testing.MutableClock;
import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /sessions} on one node: open, show, list, end, and every refusal. No session request
 * may change the document: each test ends by checking its seq and checksum.
 */
class SessionsApiTest {

    private static final Instant START = Instant.parse("2031-05-01T09:00:00Z");
    private static final int MAX_SESSIONS = 5;

    @TempDir
    Path dataDir;
    TestServer server;
    MutableClock clock;
    Api.Ver before;

    @BeforeEach
    void start() throws Exception {
        clock = new MutableClock(START);
        Limits limits = Limits.DEFAULT.withCoordination(new CoordinationLimits(MAX_SESSIONS, 100, 1024));
        server = TestServer.start(dataDir, cfg -> cfg.withClock(clock).withLimits(limits));
        before = Api.commitDocument(server, "{\"app\":{\"x\":1}}");
    }

    @AfterEach
    void stop() throws Exception {
        Api.assertUnchanged(server, before);
        Api.assertNo5xx(server);
        server.close();
    }

    private Response open(String body) {
        return CoordApi.openSession(server.http(), body);
    }

    /**
     * {@code expires} is the session's start plus its ttl until it is renewed; from the leader's
     * session clock it is that as well as its monotonic clock can tell, so within a few seconds.
     */
    private static void assertExpires(Instant expected, JsonNode session) {
        Instant expires = Instant.parse(session.get("expires").asText());
        assertTrue(Duration.between(expected, expires).abs().compareTo(Duration.ofSeconds(5)) <= 0,
                () -> "expires near " + expected + ": " + session);
    }

    private int sessionCount() {
        return Api.json(server.http().get("/sessions")).size();
    }

    @Test
    void openAnswers201WithItsLocationAndTheSession() {
        Response reply = open("{\"name\":\"web1\",\"ttl\":\"30s\"}");
        assertEquals(201, reply.statusCode(), Api.text(reply));
        JsonNode session = Api.json(reply);
        String id = session.get("id").asText();
        assertTrue(id.matches("[0-9a-f]{32}"), "an opaque 128-bit id: " + id);
        assertTrue(reply.header("Location").endsWith("/sessions/" + id), reply.header("Location"));
        assertEquals("web1", session.get("name").asText());
        assertEquals("30s", session.get("ttl").asText());
        assertExpires(START.plusSeconds(30), session);
        assertEquals(4, session.size(), "exactly id, name, ttl, expires: " + session);
        JsonNode shown = Api.json(server.http().get("/sessions/" + id));
        assertEquals(session.get("name"), shown.get("name"));
        assertEquals(session.get("ttl"), shown.get("ttl"));
        assertExpires(START.plusSeconds(30), shown);
    }

    @Test
    void aSessionWithoutBodyOrTtlLivesTenSecondsAndHasNoName() {
        for (String body : new String[] {null, "{}"}) {
            JsonNode session = Api.json(open(body).then().statusCode(201).extract().response());
            assertEquals("10s", session.get("ttl").asText());
            assertTrue(session.get("name").isNull(), session.toString());
            assertExpires(START.plusSeconds(10), session);
        }
        assertTrue(!CoordApi.session(server.http()).equals(CoordApi.session(server.http())), "every id is new");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1s", "1000ms", "1h", "60m", "3600s", "3600"})
    void aTtlFromOneSecondToOneHourIsAccepted(String ttl) {
        assertEquals(201, open("{\"ttl\":\"" + ttl + "\"}").statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"ttl\":\"999ms\"}", "{\"ttl\":\"0\"}", "{\"ttl\":\"0s\"}", "{\"ttl\":\"61m\"}",
            "{\"ttl\":\"3601s\"}", "{\"ttl\":\"2h\"}", "{\"ttl\":\"-1s\"}", "{\"ttl\":\"ten\"}", "{\"ttl\":10}",
            "{\"ttl\":null}", "{\"name\":5}", "{\"name\":\"\"}", "{\"name\":\"a\\u0007b\"}", "{\"owner\":\"me\"}",
            "[]", "\"web\"", "{", "{\"ttl\":\"1s\",\"ttl\":\"2s\"}"})
    void aBadBodyIs400AndOpensNothing(String body) {
        Api.assertProblem(open(body), 400, "invalid-input");
        assertEquals(0, sessionCount());
    }

    @Test
    void aLongNameIs400() {
        Api.assertProblem(open("{\"name\":\"" + "n".repeat(129) + "\"}"), 400, "invalid-input");
        assertEquals(201, open("{\"name\":\"" + "n".repeat(128) + "\"}").statusCode());
    }

    @Test
    void theListIsABareArrayOldestFirst() {
        String first = CoordApi.session(server.http());
        clock.advance(Duration.ofSeconds(1));
        String second = CoordApi.session(server.http());
        JsonNode all = Api.json(server.http().get("/sessions").then().statusCode(200).extract().response());
        assertTrue(all.isArray());
        assertEquals(2, all.size());
        assertEquals(first, all.get(0).get("id").asText());
        assertEquals(second, all.get(1).get("id").asText());
        assertExpires(START.plusSeconds(1).plusSeconds(3600), all.get(1));
    }

    @Test
    void anUnknownSessionIs404() {
        String unknown = "0123456789abcdef0123456789abcdef";
        Api.assertProblem(server.http().get("/sessions/" + unknown), 404, "not-found");
        Api.assertProblem(server.http().put("/sessions/" + unknown), 404, "not-found");
        Api.assertProblem(server.http().delete("/sessions/" + unknown), 404, "not-found");
        Api.assertProblem(server.http().get("/sessions/a%20b"), 400, "invalid-input");
    }

    @Test
    void endingASessionTakesItsMembershipsInTheSameStepAndPromotesTheNextWaiter() {
        String gone = CoordApi.session(server.http());
        String stays = CoordApi.session(server.http());
        JsonNode held = CoordApi.joinOk(server.http(), "mysql", "db1", gone, 1);
        CoordApi.joinOk(server.http(), "srv/dm", "host1", gone, 0);
        CoordApi.joinOk(server.http(), "mysql", "db2", stays, 1);

        server.http().delete("/sessions/" + gone).then().statusCode(204);

        Api.assertProblem(server.http().get("/sessions/" + gone), 404, "not-found");
        JsonNode mysql = CoordApi.group(server.http(), "mysql");
        assertEquals("db2", CoordApi.names(mysql));
        JsonNode promoted = mysql.get("members").get(0);
        assertTrue(promoted.get("holder").asBoolean());
        assertTrue(promoted.get("token").asLong() > held.get("token").asLong(), "a later holder has a larger token");
        JsonNode dm = CoordApi.group(server.http(), "srv/dm");
        assertEquals(0, dm.get("members").size());
        assertEquals(0, dm.get("limit").asInt());
        Api.assertProblem(server.http().delete("/sessions/" + gone), 404, "not-found");
        Api.assertProblem(CoordApi.join(server.http(), "srv/dm", "host1", "{\"session\":\"" + gone + "\"}"), 404,
                "not-found");
    }

    @Test
    void theClusterHoldsAtMostMaxSessions() {
        for (int i = 0; i < MAX_SESSIONS; i++) {
            CoordApi.session(server.http());
        }
        JsonNode problem = Api.assertProblem(open(null), 409, "limit-exceeded");
        assertEquals(MAX_SESSIONS, problem.get("limit").asInt());
        assertEquals(MAX_SESSIONS, sessionCount());
    }

    @Test
    void otherMethodsAre405() {
        Api.assertProblem(server.http().contentType(JSON).body("{}").put("/sessions"), 405, "method-not-allowed");
        Api.assertProblem(server.http().post("/sessions/0123456789abcdef0123456789abcdef"), 405,
                "method-not-allowed");
    }

    @Test
    void aRenewalAnswersTheSessionWithItsNewExpiry() {
        String id = Api.json(open("{\"ttl\":\"10s\"}").then().statusCode(201).extract().response()).get("id").asText();
        clock.advance(Duration.ofSeconds(4));
        JsonNode renewed = Api.json(server.http().put("/sessions/" + id).then().statusCode(200).extract().response());
        assertEquals(id, renewed.get("id").asText());
        assertEquals("10s", renewed.get("ttl").asText());
        assertExpires(START.plusSeconds(14), renewed);
        assertTrue(Instant.parse(renewed.get("expires").asText()).isAfter(START.plusSeconds(10)),
                "the renewal moved the expiry: " + renewed);
        assertExpires(Instant.parse(renewed.get("expires").asText()), Api.json(server.http().get("/sessions/" + id)));
    }

    @Test
    void anEndedSessionIsNeverRenewed() {
        String id = CoordApi.session(server.http());
        server.http().put("/sessions/" + id).then().statusCode(200);
        server.http().delete("/sessions/" + id).then().statusCode(204);
        Api.assertProblem(server.http().put("/sessions/" + id), 404, "not-found");
    }
}
