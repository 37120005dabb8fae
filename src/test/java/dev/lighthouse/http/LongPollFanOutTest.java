package dev.lighthouse.http;

import static dev.lighthouse.testing.Api.MERGE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lighthouse.config.Limits;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many long polls parked on the same paths, answered by one commit: enough of them that the
 * fan-out is shared between the notifier and its helpers, and every reply is written from the
 * one rendered for its path.
 */
class LongPollFanOutTest {

    private static final Duration SOON = Duration.ofSeconds(30);
    private static final int ON_HOST = 200;
    private static final int ON_LIST = 100;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dataDir;
    TestServer server;
    long seq;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dataDir, cfg -> cfg.withLimits(Limits.DEFAULT.withMaxWatchersPerAddress(ON_HOST + ON_LIST + 10)));
        seq = Api.commitDocument(server, """
                {"app":{"dm":{"host":"a","port":1}},"list":[1,2,3]}""").seq();
    }

    @AfterEach
    void stop() throws Exception {
        Api.assertNo5xx(server);
        server.close();
    }

    private CompletableFuture<HttpResponse<String>> poll(String method, String path, long wait) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/data/" + path + "?wait=" + wait
                + "&timeout=60s")).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private void awaitWatchers(int n) {
        Await.until(n + " watchers", SOON, () -> Api.text(Api.send(server, "GET", "/metrics", null, null))
                .contains("lighthouse_watchers " + n + ".0"));
    }

    private static HttpResponse<String> answer(CompletableFuture<HttpResponse<String>> poll) throws Exception {
        return poll.get(SOON.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void oneCommitAnswersEveryPollOnEachPathWithTheSameSeqBodyAndTag() throws Exception {
        long wait = seq;
        for (int round = 1; round <= 2; round++) {
            List<CompletableFuture<HttpResponse<String>>> onHost = new ArrayList<>();
            List<CompletableFuture<HttpResponse<String>>> onList = new ArrayList<>();
            for (int i = 0; i < ON_HOST; i++) {
                onHost.add(poll("GET", "app/dm", wait));
            }
            for (int i = 0; i < ON_LIST; i++) {
                onList.add(poll("GET", "list", wait));
            }
            CompletableFuture<HttpResponse<String>> head = poll("HEAD", "app/dm", wait);
            awaitWatchers(ON_HOST + ON_LIST + 1);

            long committed = Api.patchOk(server, "", MERGE, "{\"app\":{\"dm\":{\"port\":" + (10 + round) + "}},\"list\":["
                    + round + "]}").get("seq").asLong();
            String hostJson = Api.data(server, "app/dm");
            String hostTag = Api.send(server, "GET", "/data/app/dm", null, null).header("ETag");
            for (CompletableFuture<HttpResponse<String>> poll : onHost) {
                assertAnswer(answer(poll), committed, hostJson, hostTag);
            }
            String listJson = Api.data(server, "list");
            for (CompletableFuture<HttpResponse<String>> poll : onList) {
                assertAnswer(answer(poll), committed, listJson, null);
            }
            HttpResponse<String> headReply = answer(head);
            assertEquals(200, headReply.statusCode());
            assertEquals("", headReply.body(), "a HEAD poll gets the headers only");
            assertEquals(String.valueOf(hostJson.getBytes(StandardCharsets.UTF_8).length),
                    headReply.headers().firstValue("Content-Length").orElseThrow());
            awaitWatchers(0);
            // The next round's polls wait past this commit, as a client passes X-Lighthouse-Seq on.
            wait = committed;
        }
    }

    private static void assertAnswer(HttpResponse<String> reply, long seq, String json, String etag) {
        assertEquals(200, reply.statusCode(), reply.body());
        assertEquals(String.valueOf(seq), reply.headers().firstValue("X-Lighthouse-Seq").orElseThrow());
        assertEquals(json, reply.body());
        assertEquals("application/json", reply.headers().firstValue("Content-Type").orElseThrow());
        if (etag != null) {
            assertEquals(etag, reply.headers().firstValue("ETag").orElseThrow());
        }
    }
}
