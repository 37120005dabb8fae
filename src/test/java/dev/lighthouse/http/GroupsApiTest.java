package dev.lighthouse.http;

import static dev.lighthouse.testing.Api.JSON;
import static dev.lighthouse.testing.CoordApi.group;
import static dev.lighthouse.testing.CoordApi.join;
import static dev.lighthouse.testing.CoordApi.joinOk;
import static dev.lighthouse.testing.CoordApi.leave;
import static dev.lighthouse.testing.CoordApi.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lighthouse.config.Limits;
import dev.lighthouse.coord.CoordinationLimits;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.CoordApi;
import dev.lighthouse.testing.MutableClock;
import dev.lighthouse.testing.RawHttp;
import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Joining, leaving and reading groups on one node, and every refusal; long polls and event
 * streams on groups are {@link GroupWatchApiTest}'s. No group request may change the document.
 */
class GroupsApiTest {

    private static final Instant START = Instant.parse("2031-05-01T09:00:00Z");
    static final int MAX_MEMBERS = 4;
    static final int MAX_VALUE_BYTES = 1024;
    private static final Duration SOON = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    TestServer server;
    Api.Ver before;
    String s1;
    String s2;
    String s3;

    @BeforeEach
    void start() throws Exception {
        Limits limits = Limits.DEFAULT.withCoordination(new CoordinationLimits(100, MAX_MEMBERS, MAX_VALUE_BYTES));
        server = TestServer.start(dataDir, cfg -> cfg.withClock(new MutableClock(START)).withLimits(limits));
        before = Api.commitDocument(server, "{\"app\":{\"x\":1}}");
        s1 = CoordApi.session(server.http());
        s2 = CoordApi.session(server.http());
        s3 = CoordApi.session(server.http());
    }

    @AfterEach
    void stop() throws Exception {
        Api.assertUnchanged(server, before);
        Api.assertNo5xx(server);
        server.close();
    }

    private JsonNode joinWith(String group, String member, String body) {
        Response reply = join(server.http(), group, member, body);
        assertEquals(200, reply.statusCode(), () -> Api.text(reply));
        return Api.json(reply);
    }

    private String s(String session) {
        return "\"session\":\"" + session + "\"";
    }

    @Test
    void aJoinAnswersItsMembershipAndTheGroupListsMembersInRankOrder() {
        JsonNode first = joinWith("mysql", "db1", "{" + s(s1) + ",\"value\":{\"host\":\"10.0.0.1\"}}");
        assertEquals("{\"group\":\"mysql\",\"member\":\"db1\",\"rank\":1,\"holder\":true,\"token\":"
                + first.get("token") + ",\"rev\":" + first.get("rev") + "}", first.toString());
        assertTrue(first.get("token").asLong() > 0, "a holder has a token");
        assertTrue(first.get("rev").asLong() >= first.get("token").asLong(), "the rev is never below a token");
        JsonNode second = joinWith("mysql", "db2", "{" + s(s2) + "}");
        assertEquals(2, second.get("rank").asInt());
        assertTrue(second.get("holder").asBoolean(), "without a limit every member holds");
        assertTrue(second.get("token").asLong() > first.get("token").asLong());

        JsonNode mysql = group(server.http(), "mysql");
        assertEquals("mysql", mysql.get("group").asText());
        assertEquals(0, mysql.get("limit").asInt());
        assertEquals(second.get("rev").asLong(), mysql.get("rev").asLong());
        assertEquals("db1 db2", names(mysql));
        JsonNode db1 = mysql.get("members").get(0);
        assertEquals("{\"member\":\"db1\",\"session\":\"" + s1 + "\",\"value\":{\"host\":\"10.0.0.1\"},\"rank\":1,"
                + "\"holder\":true,\"token\":" + first.get("token") + ",\"since\":\"" + START + "\"}", db1.toString());
        assertTrue(mysql.get("members").get(1).get("value").isNull(), "a join without a value has null");
    }

    @Test
    void withALimitTheFirstNHoldAndTheRestWaitInJoinOrder() {
        joinOk(server.http(), "pool", "a", s1, 2);
        joinOk(server.http(), "pool", "b", s2, 2);
        JsonNode third = joinOk(server.http(), "pool", "c", s3, 0); // naming no limit takes the group's
        assertEquals(3, third.get("rank").asInt());
        assertFalse(third.get("holder").asBoolean());
        assertEquals(0, third.get("token").asLong(), "a waiting member has token 0");
        assertEquals(2, group(server.http(), "pool").get("limit").asInt());
    }

    @Test
    void joiningAgainUpdatesTheValueAndKeepsRankAndToken() {
        joinOk(server.http(), "g", "a", s1, 1);
        JsonNode b = joinWith("g", "b", "{" + s(s2) + ",\"value\":1}");
        JsonNode again = joinWith("g", "b", "{" + s(s2) + ",\"value\":2,\"limit\":1}");
        assertEquals(b.get("rank"), again.get("rank"));
        assertEquals(b.get("token"), again.get("token"));
        assertTrue(again.get("rev").asLong() > b.get("rev").asLong(), "a new value is a change");
        assertEquals(2, group(server.http(), "g").get("members").get(1).get("value").asInt());
        JsonNode same = joinWith("g", "b", "{" + s(s2) + ",\"value\":2}");
        assertEquals(again.get("rev"), same.get("rev"), "the same value again changes nothing (a retry is harmless)");
    }

    @Test
    void theWrongSessionOrLimitIsRefusedAndChangesNothing() {
        joinOk(server.http(), "g", "a", s1, 1);
        long rev = group(server.http(), "g").get("rev").asLong();
        Api.assertProblem(join(server.http(), "g", "a", "{" + s(s2) + "}"), 409, "conflict");
        Api.assertProblem(join(server.http(), "g", "b", "{" + s(s2) + ",\"limit\":2}"), 409, "conflict");
        Api.assertProblem(join(server.http(), "g", "b", "{\"session\":\"0123456789abcdef0123456789abcdef\"}"), 404,
                "not-found");
        Api.assertProblem(leave(server.http(), "g", "a", s2), 409, "conflict");
        assertEquals(rev, group(server.http(), "g").get("rev").asLong());
    }

    @Test
    void leavingPromotesTheNextWaiterWithALargerToken() {
        JsonNode a = joinOk(server.http(), "mutex", "a", s1, 1);
        joinOk(server.http(), "mutex", "b", s2, 1);
        leave(server.http(), "mutex", "a", s1).then().statusCode(204);
        JsonNode b = group(server.http(), "mutex").get("members").get(0);
        assertEquals("b", b.get("member").asText());
        assertEquals(1, b.get("rank").asInt());
        assertTrue(b.get("holder").asBoolean());
        assertTrue(b.get("token").asLong() > a.get("token").asLong());
        long rev = group(server.http(), "mutex").get("rev").asLong();
        leave(server.http(), "mutex", "a", s1).then().statusCode(204); // not there: nothing to do
        assertEquals(rev, group(server.http(), "mutex").get("rev").asLong());
        Api.assertProblem(server.http().delete("/groups/mutex/members/b"), 400, "invalid-input");
    }

    @Test
    void aJoinWithWaitAnswersWhenTheHolderLeaves() throws Exception {
        JsonNode a = joinOk(server.http(), "mutex", "a", s1, 1);
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() -> join(server.http(), "mutex", "b",
                "{" + s(s2) + ",\"limit\":1,\"wait\":\"30s\"}"));
        Await.until("b waits in the group", SOON, () -> group(server.http(), "mutex").get("members").size() == 2);
        assertFalse(waiting.isDone(), "b does not hold yet, so its join has not answered");
        leave(server.http(), "mutex", "a", s1).then().statusCode(204);
        Response reply = waiting.get(20, TimeUnit.SECONDS);
        JsonNode b = Api.json(reply);
        assertEquals(200, reply.statusCode(), b.toString());
        assertTrue(b.get("holder").asBoolean(), b.toString());
        assertEquals(1, b.get("rank").asInt());
        assertTrue(b.get("token").asLong() > a.get("token").asLong());
        assertEquals(group(server.http(), "mutex").get("rev").asLong(), b.get("rev").asLong());
    }

    @Test
    void aJoinWhoseWaitLapsesAnswersHolderFalseAndStaysAMember() {
        joinOk(server.http(), "mutex", "a", s1, 1);
        JsonNode b = joinWith("mutex", "b", "{" + s(s2) + ",\"wait\":\"300ms\"}");
        assertFalse(b.get("holder").asBoolean());
        assertEquals(2, b.get("rank").asInt());
        assertEquals("a b", names(group(server.http(), "mutex")));
    }

    @Test
    void aJoinWaitingToHoldIsAnswered404WhenItsSessionEnds() throws Exception {
        joinOk(server.http(), "mutex", "a", s1, 1);
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() -> join(server.http(), "mutex", "b",
                "{" + s(s2) + ",\"limit\":1,\"wait\":\"30s\"}"));
        Await.until("b waits in the group", SOON, () -> group(server.http(), "mutex").get("members").size() == 2);
        server.http().delete("/sessions/" + s2).then().statusCode(204);
        Api.assertProblem(waiting.get(20, TimeUnit.SECONDS), 404, "not-found");
    }

    @Test
    void aGroupNobodyIsInHasNoMembersNoLimitAndRevZero() {
        assertEquals("{\"group\":\"srv/none\",\"limit\":0,\"rev\":0,\"members\":[]}",
                group(server.http(), "srv/none").toString());
    }

    @Test
    void theListNamesEveryGroupSomeoneIsInWithItsMemberCount() {
        Api.assertSameJson("[]", Api.text(server.http().get("/groups")));
        joinOk(server.http(), "srv/dm", "h1", s1, 0);
        joinOk(server.http(), "srv/dm", "h2", s2, 0);
        joinOk(server.http(), "mysql", "db1", s1, 1);
        joinOk(server.http(), "gone", "x", s3, 0);
        leave(server.http(), "gone", "x", s3).then().statusCode(204);
        Api.assertSameJson("[{\"group\":\"mysql\",\"members\":1},{\"group\":\"srv/dm\",\"members\":2}]",
                Api.text(server.http().get("/groups")));
    }

    @Test
    void groupNamesArePathsAndMembersSeparatesTheMember() {
        joinOk(server.http(), "srv/dm", "host1", s1, 0);
        joinOk(server.http(), "srv%2Fdm", "host1", s2, 0);
        assertEquals(s1, group(server.http(), "srv/dm").get("members").get(0).get("session").asText());
        JsonNode encoded = group(server.http(), "srv%2Fdm");
        assertEquals("srv%2Fdm", encoded.get("group").asText(), "a '/' inside a segment stays encoded");
        assertEquals(s2, encoded.get("members").get(0).get("session").asText());
        joinOk(server.http(), "odd", "a%2Fb%20c", s1, 0);
        assertEquals("a/b c", group(server.http(), "odd").get("members").get(0).get("member").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/groups/members/m", "/groups/a/../b/members/m", "/groups/a//b/members/m",
            "/groups/a/members/%00", "/groups/a/members/..", "/groups/a/members/."})
    void aBadGroupOrMemberNameIs400(String url) throws Exception {
        // Sent over a raw socket: an HTTP client library would normalise dot segments and '//' itself.
        RawHttp.Reply reply = RawHttp.send(server.port(), "PUT", url, JSON,
                ("{" + s(s1) + "}").getBytes(StandardCharsets.UTF_8));
        Api.assertProblem(reply, 400, "invalid-input");
        Api.assertSameJson("[]", Api.text(server.http().get("/groups")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/groups/a/members", "/groups/a/members/m/x", "/groups/a/members/m/members/n"})
    void aUrlThatNamesNoMemberIs404(String url) {
        Api.assertProblem(server.http().contentType(JSON).body("{" + s(s1) + "}").put(url), 404, "not-found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"session\":5}", "{\"session\":\"\"}", "{\"session\":\"a b\"}", "{SESSION,\"limit\":\"2\"}",
            "{SESSION,\"limit\":-1}", "{SESSION,\"limit\":1.5}", "{SESSION,\"limit\":1e2}", "{SESSION,\"limit\":null}",
            "{SESSION,\"limit\":99999999999}", "{SESSION,\"wait\":\"forever\"}", "{SESSION,\"wait\":\"11m\"}",
            "{SESSION,\"wait\":5}", "{SESSION,\"member\":\"m\"}", "{SESSION", "[]", "{SESSION,SESSION}", ""})
    void aBadJoinBodyIs400AndJoinsNothing(String body) {
        Api.assertProblem(join(server.http(), "g", "m", body.replace("SESSION", s(s1))), 400, "invalid-input");
        assertEquals(0, group(server.http(), "g").get("rev").asLong());
    }

    @Test
    void aValueOverTheLimitIs413() {
        String big = "\"" + "v".repeat(MAX_VALUE_BYTES - 2) + "\"";
        joinWith("g", "fits", "{" + s(s1) + ",\"value\":" + big + "}");
        Api.assertProblem(join(server.http(), "g", "big", "{" + s(s1) + ",\"value\":" + big.replace("\"v", "\"vv") + "}"),
                413, "payload-too-large");
        assertEquals("fits", names(group(server.http(), "g")));
    }

    @Test
    void aFullGroupIs409LimitExceeded() {
        for (int i = 0; i < MAX_MEMBERS; i++) {
            joinOk(server.http(), "g", "m" + i, s1, 0);
        }
        JsonNode problem = Api.assertProblem(join(server.http(), "g", "more", "{" + s(s2) + "}"), 409, "limit-exceeded");
        assertEquals(MAX_MEMBERS, problem.get("limit").asInt());
    }

    @Test
    void otherMethodsAre405WithAllow() {
        Response post = server.http().contentType(JSON).body("{}").post("/groups/g");
        Api.assertProblem(post, 405, "method-not-allowed");
        assertEquals("GET, HEAD", post.header("Allow"));
        Response get = server.http().get("/groups/g/members/m");
        Api.assertProblem(get, 405, "method-not-allowed");
        assertEquals("PUT, DELETE", get.header("Allow"));
        Api.assertProblem(server.http().delete("/groups"), 405, "method-not-allowed");
    }

    @Test
    void headAnswersTheHeadersOfGet() {
        joinOk(server.http(), "g", "a", s1, 0);
        Response head = server.http().head("/groups/g");
        assertEquals(200, head.statusCode());
        assertEquals(Api.text(server.http().get("/groups/g")).getBytes().length,
                Integer.parseInt(head.header("Content-Length")));
        assertEquals("", Api.text(head));
    }
}
