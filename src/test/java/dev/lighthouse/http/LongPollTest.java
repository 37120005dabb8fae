package dev.lighthouse.http;

import static dev.lighthouse.testing.Api.MERGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.config.Limits;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /data/{path}?wait=<seq>&timeout=}: who wakes, when, and with what. */
class LongPollTest {

    private static final Duration SOON = Duration.ofSeconds(10);
    /**
     * Polls are left in flight while the test commits; the JDK client sends them asynchronously at
     * once, where {@link Api} (REST Assured) would need a thread each. Everything else goes through Api.
     */
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dataDir;
    TestServer server;
    long seq;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dataDir, cfg -> cfg.withRetain(3)
                .withLimits(Limits.DEFAULT.withMaxWatchersPerAddress(3)));
        seq = Api.commitDocument(server, """
                {"app":{"dm":{"host":"a","port":1},"other":1},"list":[1,2,3]}""").seq();
    }

    @AfterEach
    void stop() throws Exception {
        Api.assertNo5xx(server);
        server.close();
    }

    private CompletableFuture<HttpResponse<String>> poll(String path, long wait, String timeout) {
        String query = "?wait=" + wait + (timeout == null ? "" : "&timeout=" + timeout);
        return client.sendAsync(HttpRequest.newBuilder(URI.create(server.url() + "/data/" + path + query)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private long merge(String path, String patch) {
        return Api.patchOk(server, path, MERGE, patch).get("seq").asLong();
    }

    private static HttpResponse<String> answer(CompletableFuture<HttpResponse<String>> poll) throws Exception {
        return poll.get(SOON.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until the server holds {@code n} waiters, so a commit cannot slip in before a poll arrives. */
    private void awaitWatchers(int n) {
        Await.until(n + " watchers", SOON, () -> Api.text(Api.send(server, "GET", "/metrics", null, null))
                .contains("lighthouse_watchers " + n + ".0"));
    }

    @Test
    void aCommitThatChangesThePathAnswersWithTheNewValueAndSeq() throws Exception {
        var poll = poll("app/dm/host", seq, null);
        awaitWatchers(1);
        long committed = merge("app/dm", "{\"host\":\"b\"}");
        HttpResponse<String> reply = answer(poll);
        assertEquals(200, reply.statusCode());
        assertEquals("\"b\"", reply.body().trim());
        assertEquals(String.valueOf(committed), reply.headers().firstValue("X-Lighthouse-Seq").orElseThrow());
        assertTrue(reply.headers().firstValue("X-Lighthouse-Resync").isEmpty());
    }

    @Test
    void commitsElsewhereDoNotWakeIt() throws Exception {
        var poll = poll("app/dm", seq, null);
        awaitWatchers(1);
        merge("app", "{\"other\":2}");
        merge("list", "{\"x\":1}");
        assertFalse(poll.isDone(), "woken by a commit that did not touch /app/dm");
        long relevant = merge("app/dm", "{\"port\":2}");
        HttpResponse<String> reply = answer(poll);
        assertEquals(String.valueOf(relevant), reply.headers().firstValue("X-Lighthouse-Seq").orElseThrow(),
                "the first commit that changed /app/dm answers, not an earlier one");
        Api.assertSameJson("{\"host\":\"a\",\"port\":2}", reply.body());
    }

    @Test
    void aChangeBelowThePathWakesIt() throws Exception {
        var poll = poll("app", seq, null);
        awaitWatchers(1);
        long committed = merge("app/dm", "{\"port\":9}");
        assertEquals(String.valueOf(committed), answer(poll).headers().firstValue("X-Lighthouse-Seq").orElseThrow());
    }

    @Test
    void anAncestorReplacedWakesItOnlyWhenTheValueDiffers() throws Exception {
        var poll = poll("app/dm/host", seq, null);
        awaitWatchers(1);
        // /app replaced whole (JSON Patch replace), /app/dm/host equal: by the SPEC's one definition it did not change.
        Api.patchOk(server, "", Api.JSON_PATCH, """
                [{"op":"replace","path":"/app","value":{"dm":{"host":"a","port":1}}}]""");
        assertFalse(poll.isDone(), "the value at the path is the same JSON");
        long replaced = Api.patchOk(server, "", Api.JSON_PATCH, """
                [{"op":"replace","path":"/app","value":{"dm":{"host":"c"}}}]""").get("seq").asLong();
        HttpResponse<String> reply = answer(poll);
        assertEquals("\"c\"", reply.body().trim());
        assertEquals(String.valueOf(replaced), reply.headers().firstValue("X-Lighthouse-Seq").orElseThrow());
    }

    @Test
    void aValueThatDisappearsAnswers404AndOneThatAppearsAnswers200() throws Exception {
        var gone = poll("app/dm/port", seq, null);
        awaitWatchers(1);
        long removed = merge("app/dm", "{\"port\":null}");
        HttpResponse<String> reply = answer(gone);
        assertEquals(404, reply.statusCode());
        assertEquals(String.valueOf(removed), reply.headers().firstValue("X-Lighthouse-Seq").orElseThrow());

        var back = poll("app/dm/port", removed, null);
        awaitWatchers(1);
        merge("app/dm", "{\"port\":7}");
        assertEquals("7", answer(back).body().trim());
    }

    @Test
    void aSeqAlreadyBehindAnswersAtOnceOnlyIfThePathChangedSinceThen() throws Exception {
        long before = seq;
        merge("app", "{\"other\":3}");
        long changed = merge("app/dm", "{\"host\":\"z\"}");
        HttpResponse<String> reply = answer(poll("app/dm/host", before, "30s"));
        assertEquals("\"z\"", reply.body().trim());
        assertEquals(String.valueOf(changed), reply.headers().firstValue("X-Lighthouse-Seq").orElseThrow());
        // /list did not change since `before`: the poll waits (here until its short timeout).
        long started = System.nanoTime();
        HttpResponse<String> quiet = answer(poll("list", before, "300ms"));
        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(250), "answered before its timeout");
        assertEquals("[1,2,3]", quiet.body().trim());
    }

    @Test
    void aSeqOlderThanHistoryAnswersAtOnceWithResync() throws Exception {
        for (int i = 0; i < 4; i++) {
            merge("app", "{\"other\":" + (10 + i) + "}"); // retain=3: version `seq` leaves history
        }
        HttpResponse<String> reply = answer(poll("list", seq, "30s"));
        assertEquals(200, reply.statusCode());
        assertEquals("true", reply.headers().firstValue("X-Lighthouse-Resync").orElse(null));
        assertEquals("[1,2,3]", reply.body().trim());
    }

    @Test
    void theTimeoutAnswersWithTheCurrentValueOr404() throws Exception {
        HttpResponse<String> present = answer(poll("app/other", seq, "100ms"));
        assertEquals(200, present.statusCode());
        assertEquals(String.valueOf(seq), present.headers().firstValue("X-Lighthouse-Seq").orElseThrow());
        HttpResponse<String> absent = answer(poll("missing", seq, "100ms"));
        assertEquals(404, absent.statusCode());
        awaitWatchers(0);
    }

    @Test
    void oneAddressMayHoldOnlyAsManyAsTheLimit() throws Exception {
        var first = poll("app", seq, null);
        var second = poll("list", seq, null);
        var third = poll("app/dm", seq, null);
        awaitWatchers(3);
        HttpResponse<String> refused = answer(poll("app", seq, null));
        assertEquals(429, refused.statusCode());
        assertTrue(refused.body().contains("too-many-watchers"), refused.body());
        merge("list", "{\"y\":1}");
        assertEquals(200, answer(second).statusCode());
        awaitWatchers(2);
        var fourth = poll("list", seq + 1, null);
        awaitWatchers(3);
        merge("app", "{\"other\":5}");
        assertEquals(200, answer(first).statusCode());
        assertNull(third.getNow(null), "/app/dm did not change");
        assertNull(fourth.getNow(null), "/list did not change again");
    }

    /**
     * Each poll is sent and the commit made at once, so the commit's answer races the poll's own
     * registration. Whichever wins, the poll must be answered by the commit; one left to its
     * timeout (or one counted out twice, which left the next to its timeout) fails here.
     */
    @Test
    void pollsRacingCommitsAreAnsweredByTheCommitNotTheirTimeout() throws Exception {
        long last = seq;
        for (int i = 0; i < 200; i++) {
            var poll = poll("app/other", last, "60s");
            last = merge("app", "{\"other\":" + (100 + i) + "}");
            HttpResponse<String> reply = answer(poll);
            assertEquals(String.valueOf(100 + i), reply.body().trim(), "round " + i);
            assertEquals(String.valueOf(last), reply.headers().firstValue("X-Lighthouse-Seq").orElseThrow());
        }
        awaitWatchers(0);
    }

    @Test
    void badWaitAndTimeoutValuesAre400() {
        for (String query : new String[] {"wait=x", "wait=-1", "wait=", "wait=1&timeout=11m", "wait=1&timeout=soon",
                "timeout=1s"}) {
            Api.assertProblem(server.http().get("/data/app?" + query), 400, "invalid-input");
        }
    }
}
