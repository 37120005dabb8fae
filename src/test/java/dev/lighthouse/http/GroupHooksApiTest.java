package dev.lighthouse.http;

import static dev.lighthouse.testing.Api.JSON;
import static dev.lighthouse.testing.CoordApi.joinOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lighthouse.config.Limits;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.CoordApi;
import dev.lighthouse.testing.HookReceiver;
import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hooks on a group: registered like path hooks, notified with {@code {name,group,rev,uri}} after
 * each change of the group, in rev order, and never touching the document or its files.
 */
class GroupHooksApiTest {

    private static final Duration SOON = Duration.ofSeconds(15);

    @TempDir
    Path dataDir;
    TestServer server;
    HookReceiver receiver;
    Api.Ver document;

    @BeforeEach
    void start() throws Exception {
        receiver = new HookReceiver();
        Limits fastRetries = Limits.DEFAULT.withHookRetry(Duration.ofMillis(50), Duration.ofMillis(200),
                Duration.ofHours(24));
        server = TestServer.start(dataDir, cfg -> cfg.withLimits(fastRetries));
        document = Api.commitDocument(server, "{\"app\":1}");
    }

    @AfterEach
    void stop() throws Exception {
        Api.assertNo5xx(server);
        Api.assertUnchanged(server, document);
        server.close();
        receiver.close();
    }

    private Response register(String body) {
        return server.http().contentType(JSON).body(body).post("/hooks");
    }

    private void registerRegistry() {
        Response created = register("{\"name\":\"registry\",\"group\":\"srv/dm\",\"url\":\"" + receiver.url() + "\"}");
        assertEquals(201, created.statusCode(), created.asString());
    }

    private List<JsonNode> awaitNotifications(int n) {
        Await.until(n + " notification(s)", SOON, () -> receiver.received().size() >= n);
        return receiver.received().stream().map(Api::json).toList();
    }

    private long delivered() {
        return Api.json(server.http().get("/hooks/registry")).get("delivered").asLong();
    }

    private List<String> versionFiles() throws IOException {
        try (Stream<Path> files = Files.list(dataDir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json") && !n.equals("hooks.json"))
                    .sorted().toList();
        }
    }

    @Test
    void registerListShowAndDelete() {
        String session = CoordApi.session(server.http());
        long before = joinOk(server.http(), "srv/dm", "host1", session, 0).get("rev").asLong();
        Response created = register("{\"name\":\"registry\",\"group\":\"srv/dm\",\"url\":\"" + receiver.url() + "\"}");
        assertEquals(201, created.statusCode(), created.asString());
        assertTrue(created.header("Location").endsWith("/hooks/registry"), created.header("Location"));
        JsonNode hook = Api.json(created);
        assertEquals("srv/dm", hook.get("group").asText());
        assertFalse(hook.has("path"), hook.toString());
        assertEquals(receiver.url(), hook.get("url").asText());
        assertEquals(before, hook.get("delivered").asLong(), "a new group hook starts at the group's current rev");

        Api.assertProblem(register("{\"name\":\"registry\",\"group\":\"other\",\"url\":\"http://127.0.0.1:1/\"}"),
                409, "conflict");
        Api.assertProblem(register("{\"name\":\"registry\",\"path\":\"/app\",\"url\":\"http://127.0.0.1:1/\"}"),
                409, "conflict");
        register("{\"name\":\"app\",\"path\":\"/app\",\"url\":\"" + receiver.url() + "\"}").then().statusCode(201);
        JsonNode all = Api.json(server.http().get("/hooks"));
        assertEquals(2, all.size());
        assertEquals("/app", all.get(0).get("path").asText());
        assertEquals("srv/dm", all.get(1).get("group").asText());
        assertEquals(1, Api.json(server.http().get("/hooks?path=/app")).size(), "?path= keeps path hooks only");
        Api.assertSameJson(hook.toString(), Api.text(server.http().get("/hooks/registry")));

        assertEquals(204, server.http().delete("/hooks/registry").statusCode());
        Api.assertProblem(server.http().get("/hooks/registry"), 404, "not-found");
        assertEquals(1, Api.json(server.http().get("/hooks")).size());
        assertEquals(0, receiver.attempts(), "nothing changed after the hook was made");
    }

    /** One server for all of them: each would otherwise start its own. */
    @Test
    void badGroupRegistrationsAre400AndStoreNothing() {
        List<String> bad = List.of(
                "{\"name\":\"h\",\"path\":\"/app\",\"group\":\"srv/dm\",\"url\":\"http://127.0.0.1:1/\"}",
                "{\"name\":\"h\",\"url\":\"http://127.0.0.1:1/\"}",
                "{\"name\":\"h\",\"group\":\"\",\"url\":\"http://127.0.0.1:1/\"}",
                "{\"name\":\"h\",\"group\":\"/srv/dm\",\"url\":\"http://127.0.0.1:1/\"}",
                "{\"name\":\"h\",\"group\":\"srv//dm\",\"url\":\"http://127.0.0.1:1/\"}",
                "{\"name\":\"h\",\"group\":\"srv/members/dm\",\"url\":\"http://127.0.0.1:1/\"}",
                "{\"name\":\"h\",\"group\":\"srv/../dm\",\"url\":\"http://127.0.0.1:1/\"}",
                "{\"name\":\"h\",\"group\":\"srv/%zz\",\"url\":\"http://127.0.0.1:1/\"}",
                "{\"name\":\"h\",\"group\":7,\"url\":\"http://127.0.0.1:1/\"}",
                "{\"name\":\"h\",\"group\":\"srv/dm\"}",
                "{\"name\":\"h\",\"group\":\"srv/dm\",\"url\":\"ftp://127.0.0.1/x\"}");
        for (String body : bad) {
            Api.assertProblem(register(body), 400, null);
            assertEquals(0, Api.json(server.http().get("/hooks")).size(), body);
        }
        Response both = server.http().contentType(JSON)
                .body("{\"name\":\"h\",\"group\":\"srv/dm\",\"url\":\"http://127.0.0.1:1/\"}").post("/hooks?path=/app");
        Api.assertProblem(both, 400, "invalid-input");
        assertEquals(0, Api.json(server.http().get("/hooks")).size(), "a group, and a path in the URL");
    }

    @Test
    void aJoinThenALeaveAreNotifiedInRevOrderAndNothingTouchesTheDocument() throws IOException {
        List<String> filesBefore = versionFiles();
        registerRegistry();
        String session = CoordApi.session(server.http());
        long joined = joinOk(server.http(), "srv/dm", "host1", session, 0).get("rev").asLong();
        JsonNode first = awaitNotifications(1).get(0);
        assertEquals("registry", first.get("name").asText());
        assertEquals("srv/dm", first.get("group").asText());
        assertEquals(joined, first.get("rev").asLong());
        assertEquals(server.url() + "/groups/srv/dm", first.get("uri").asText());
        assertFalse(first.has("path") || first.has("seq"), first.toString());
        Await.until("the join's delivery recorded", SOON, () -> delivered() == joined);

        assertEquals(204, CoordApi.leave(server.http(), "srv/dm", "host1", session).statusCode());
        JsonNode second = awaitNotifications(2).get(1);
        assertTrue(second.get("rev").asLong() > joined, "the leave comes after the join: " + second);
        assertEquals(0, CoordApi.group(server.http(), "srv/dm").get("members").size());
        Await.until("the leave's delivery recorded", SOON, () -> delivered() == second.get("rev").asLong());

        // A group nobody is in any more, filled and emptied again, is notified again.
        long rejoined = joinOk(server.http(), "srv/dm", "host2", session, 0).get("rev").asLong();
        assertTrue(awaitNotifications(3).get(2).get("rev").asLong() >= rejoined);
        assertEquals(204, server.http().delete("/sessions/" + session).statusCode());
        long lastRev = awaitNotifications(4).get(3).get("rev").asLong();
        assertTrue(lastRev > rejoined, "the session's end emptied the group after the join");

        // Another group's change is not this hook's: had it been posted, it would come before this one.
        joinOk(server.http(), "srv/other", "host1", CoordApi.session(server.http()), 0);
        long last = joinOk(server.http(), "srv/dm", "host3", CoordApi.session(server.http()), 0).get("rev").asLong();
        assertEquals(last, awaitNotifications(5).get(4).get("rev").asLong());
        assertTrue(receiver.received().stream().map(Api::json).allMatch(n -> n.get("group").asText().equals("srv/dm")));
        assertEquals(filesBefore, versionFiles(), "group changes and their hook records make no version file");
    }

    @Test
    void aFailingReceiverIsRetriedUntilItAcknowledges() {
        registerRegistry();
        receiver.failNext(3);
        long joined = joinOk(server.http(), "srv/dm", "host1", CoordApi.session(server.http()), 0).get("rev").asLong();
        JsonNode notification = awaitNotifications(1).get(0);
        assertEquals(joined, notification.get("rev").asLong());
        assertEquals(4, receiver.attempts(), "three refusals, then the acknowledged attempt");
        Await.until("the delivery recorded", SOON, () -> delivered() == joined);
    }

    @Test
    void aPendingNotificationSurvivesARestartEvenForAGroupThatEmptied() throws Exception {
        registerRegistry();
        long created = delivered();
        receiver.failNext(Integer.MAX_VALUE);
        String session = CoordApi.session(server.http());
        joinOk(server.http(), "srv/dm", "host1", session, 0);
        assertEquals(204, CoordApi.leave(server.http(), "srv/dm", "host1", session).statusCode());
        Await.until("the receiver refusing", SOON, () -> receiver.attempts() >= 2);
        assertEquals(created, delivered());
        long counter = server.node().state().coordination().counter();

        server.restart();
        receiver.failNext(0);
        JsonNode notification = awaitNotifications(1).get(0);
        assertEquals(counter, notification.get("rev").asLong(),
                "the join and the leave, both unacknowledged, come as one notification of the group's emptying");
        Await.until("the delivery recorded", SOON, () -> delivered() == counter);
        String hooksFile = Files.readString(dataDir.resolve("hooks.json"));
        assertTrue(hooksFile.contains("\"group\" : \"/srv/dm\""), hooksFile);

        server.restart();
        long joined = joinOk(server.http(), "srv/dm", "host2", CoordApi.session(server.http()), 0).get("rev").asLong();
        assertEquals(joined, awaitNotifications(2).get(1).get("rev").asLong(),
                "the acknowledged notification is not sent again");
    }
}
