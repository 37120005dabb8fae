package dev.lighthouse.http;

import static dev.lighthouse.testing.Api.JSON;
import static dev.lighthouse.testing.Api.MERGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lighthouse.config.Limits;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.HookReceiver;
import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /hooks}: registration, and notifications POSTed after commits that change the hook's path. */
class HooksApiTest {

    private static final Duration SOON = Duration.ofSeconds(15);

    @TempDir
    Path dataDir;
    TestServer server;
    HookReceiver receiver;
    long seq;

    @BeforeEach
    void start() throws Exception {
        receiver = new HookReceiver();
        Limits fastRetries = Limits.DEFAULT.withHookRetry(Duration.ofMillis(50), Duration.ofMillis(200),
                Duration.ofHours(24));
        server = TestServer.start(dataDir, cfg -> cfg.withLimits(fastRetries));
        seq = Api.commitDocument(server, "{\"app\":{\"dm\":{\"host\":\"a\"},\"other\":1}}").seq();
    }

    @AfterEach
    void stop() throws Exception {
        Api.assertNo5xx(server);
        server.close();
        receiver.close();
    }

    private Response register(String body) {
        return server.http().contentType(JSON).body(body).post("/hooks");
    }

    private void registerDm() {
        register("{\"name\":\"dm-host1\",\"path\":\"/app/dm\",\"url\":\"" + receiver.url() + "\"}")
                .then().statusCode(201);
    }

    private long merge(String path, String patch) {
        return Api.patchOk(server, path, MERGE, patch).get("seq").asLong();
    }

    private List<JsonNode> awaitNotifications(int n) {
        Await.until(n + " notification(s)", SOON, () -> receiver.received().size() >= n);
        return receiver.received().stream().map(Api::json).toList();
    }

    @Test
    void registerListShowAndDelete() {
        Response created = register("{\"name\":\"dm-host1\",\"path\":\"/app/dm\",\"url\":\"" + receiver.url() + "\"}");
        assertEquals(201, created.statusCode(), created.asString());
        assertTrue(created.header("Location").endsWith("/hooks/dm-host1"), created.header("Location"));
        JsonNode hook = Api.json(created);
        assertEquals("/app/dm", hook.get("path").asText());
        assertEquals(receiver.url(), hook.get("url").asText());
        assertEquals(seq, hook.get("delivered").asLong(), "a new hook starts at the current version");

        Api.assertProblem(register("{\"name\":\"dm-host1\",\"path\":\"/x\",\"url\":\"http://127.0.0.1:1/\"}"),
                409, "conflict");
        assertEquals("dm-host1", Api.json(server.http().get("/hooks")).get(0).get("name").asText());
        assertEquals(1, Api.json(server.http().get("/hooks?path=/app/dm")).size());
        assertEquals(0, Api.json(server.http().get("/hooks?path=/app")).size());
        assertEquals("/app/dm", Api.json(server.http().get("/hooks/dm-host1")).get("path").asText());

        assertEquals(204, server.http().delete("/hooks/dm-host1").statusCode());
        Api.assertProblem(server.http().get("/hooks/dm-host1"), 404, "not-found");
        Api.assertProblem(server.http().delete("/hooks/dm-host1"), 404, "not-found");
        assertEquals(0, Api.json(server.http().get("/hooks")).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"path\":\"/a\",\"url\":\"http://127.0.0.1:1/\"}",
        "{\"name\":\"h\",\"url\":\"http://127.0.0.1:1/\"}",
        "{\"name\":\"h\",\"path\":\"/a\"}",
        "{\"name\":\"h\",\"path\":\"/a\",\"url\":\"ftp://127.0.0.1/x\"}",
        "{\"name\":\"h\",\"path\":\"/a\",\"url\":\"not a url\"}",
        "{\"name\":\"h\",\"path\":\"a\",\"url\":\"http://127.0.0.1:1/\"}",
        "{\"name\":\"a/b\",\"path\":\"/a\",\"url\":\"http://127.0.0.1:1/\"}",
        "{\"name\":\"h\",\"path\":\"/a\",\"url\":\"http://127.0.0.1:1/\",\"extra\":1}",
        "{\"name\":7,\"path\":\"/a\",\"url\":\"http://127.0.0.1:1/\"}",
        "[]", "{"})
    void badRegistrationsAre400AndStoreNothing(String body) {
        Api.assertProblem(register(body), 400, null);
        assertEquals(0, Api.json(server.http().get("/hooks")).size());
    }

    @Test
    void aCommitThatChangesThePathIsPostedAndOthersAreNot() {
        registerDm();
        merge("app", "{\"other\":2}");
        long changed = merge("app/dm", "{\"host\":\"b\"}");
        JsonNode notification = awaitNotifications(1).get(0);
        assertEquals("dm-host1", notification.get("name").asText());
        assertEquals("/app/dm", notification.get("path").asText());
        assertEquals(changed, notification.get("seq").asLong(), "the first version that changed /app/dm");
        String uri = notification.get("uri").asText();
        assertEquals(server.url() + "/data/app/dm", uri);
        Await.until("the delivery recorded", SOON,
                () -> Api.json(server.http().get("/hooks/dm-host1")).get("delivered").asLong() == changed);
        assertEquals(1, receiver.attempts(), "the commit elsewhere was not posted");
    }

    @Test
    void notificationsArriveInSeqOrderOnePerChangingCommit() {
        registerDm();
        long a = merge("app/dm", "{\"n\":1}");
        merge("app", "{\"other\":3}");
        long b = merge("app/dm", "{\"n\":2}");
        long c = merge("app/dm", "{\"n\":3}");
        List<Long> seqs = awaitNotifications(3).stream().map(n -> n.get("seq").asLong()).toList();
        assertEquals(List.of(a, b, c), seqs);
    }

    @Test
    void aFailingReceiverIsRetriedUntilItAcknowledges() {
        registerDm();
        receiver.failNext(3);
        long changed = merge("app/dm", "{\"host\":\"retry\"}");
        JsonNode notification = awaitNotifications(1).get(0);
        assertEquals(changed, notification.get("seq").asLong());
        assertEquals(4, receiver.attempts(), "three refusals, then the acknowledged attempt");
    }

    @Test
    void anUnreachableReceiverNeverHoldsUpCommits() {
        register("{\"name\":\"down\",\"path\":\"\",\"url\":\"http://127.0.0.1:1/nothing-here\"}").then().statusCode(201);
        for (int i = 0; i < 20; i++) {
            merge("app", "{\"other\":" + (100 + i) + "}");
        }
        assertEquals(seq + 20, Api.version(server).seq());
    }

    @Test
    void hooksAndTheirProgressSurviveARestart() throws Exception {
        registerDm();
        long first = merge("app/dm", "{\"host\":\"before-restart\"}");
        awaitNotifications(1);
        Await.until("the delivery recorded", SOON,
                () -> Api.json(server.http().get("/hooks/dm-host1")).get("delivered").asLong() == first);
        assertTrue(Files.exists(dataDir.resolve("hooks.json")));
        server.restart();
        assertEquals(first, Api.json(server.http().get("/hooks/dm-host1")).get("delivered").asLong());
        long second = merge("app/dm", "{\"host\":\"after-restart\"}");
        List<JsonNode> all = awaitNotifications(2);
        assertEquals(second, all.get(1).get("seq").asLong());
        assertEquals(2, receiver.received().size(), "the acknowledged notification is not sent again");
    }

    @Test
    void headOnAValueLinksToItsSubscriptions() {
        Response head = server.http().head("/data/app/dm");
        assertEquals(200, head.statusCode());
        assertEquals("</hooks?path=%2Fapp%2Fdm>; rel=\"subscriptions\"", head.header("Link"));
        registerDm();
        assertEquals(1, Api.json(server.http().get("/hooks?path=/app/dm")).size());
        Response viaLink = server.http().contentType(JSON)
                .body("{\"name\":\"via-link\",\"url\":\"" + receiver.url() + "\"}").post("/hooks?path=/app/dm");
        assertEquals(201, viaLink.statusCode(), viaLink.asString());
        assertEquals("/app/dm", Api.json(viaLink).get("path").asText());
    }
}
