package dev.lighthouse.http;

import static dev.lighthouse.testing.CoordApi.joinOk;
import static dev.lighthouse.testing.CoordApi.leave;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lighthouse.config.Limits;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.CoordApi;
import dev.lighthouse.testing.EventStreamClient;
import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Following a group on one node: long polls ({@code ?wait=<rev>}) and event streams, woken only by its changes. */
class GroupWatchApiTest {

    private static final Duration SOON = Duration.ofSeconds(20);
    private static final int POLLS = 250;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dataDir;
    TestServer server;
    Api.Ver before;
    String s1;
    String s2;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dataDir, cfg -> cfg.withLimits(Limits.DEFAULT.withMaxWatchersPerAddress(POLLS + 10)));
        before = Api.commitDocument(server, "{\"app\":{\"x\":1}}");
        s1 = CoordApi.session(server.http());
        s2 = CoordApi.session(server.http());
    }

    @AfterEach
    void stop() throws Exception {
        Api.assertUnchanged(server, before);
        Api.assertNo5xx(server);
        server.close();
    }

    private long rev(String group) {
        return CoordApi.group(server.http(), group).get("rev").asLong();
    }

    private CompletableFuture<HttpResponse<String>> poll(String group, long wait, String timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/groups/" + group + "?wait=" + wait
                + "&timeout=" + timeout)).build();
        return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode answer(CompletableFuture<HttpResponse<String>> poll) throws Exception {
        HttpResponse<String> reply = poll.get(20, TimeUnit.SECONDS);
        assertEquals(200, reply.statusCode(), reply.body());
        return Api.json(reply.body());
    }

    private int watchers() {
        for (String line : Api.text(server.http().get("/metrics")).split("\n")) {
            if (line.startsWith("lighthouse_watchers ")) {
                return (int) Double.parseDouble(line.substring(line.indexOf(' ') + 1));
            }
        }
        throw new AssertionError("no lighthouse_watchers gauge");
    }

    @Test
    void aLongPollAnswersAtOnceWhenTheRevAlreadyDiffers() throws Exception {
        long rev = joinOk(server.http(), "g", "a", s1, 0).get("rev").asLong();
        assertEquals(rev, answer(poll("g", rev - 1, "10m")).get("rev").asLong());
        assertEquals(rev, answer(poll("g", 0, "10m")).get("rev").asLong());
    }

    @Test
    void aLongPollWakesOnlyForAChangeOfItsOwnGroup() throws Exception {
        joinOk(server.http(), "g1", "a", s1, 0);
        joinOk(server.http(), "g2", "a", s1, 0);
        CompletableFuture<HttpResponse<String>> onG1 = poll("g1", rev("g1"), "60s");
        CompletableFuture<HttpResponse<String>> onG2 = poll("g2", rev("g2"), "60s");
        Await.until("both polls parked", SOON, () -> watchers() == 2);
        long g2Change = joinOk(server.http(), "g2", "b", s2, 0).get("rev").asLong();
        assertEquals(g2Change, answer(onG2).get("rev").asLong());
        long g1Change = joinOk(server.http(), "g1", "b", s2, 0).get("rev").asLong();
        JsonNode g1 = answer(onG1);
        // Woken by g2's change, it would have answered g1's unchanged rev.
        assertEquals(g1Change, g1.get("rev").asLong());
        assertEquals("a b", CoordApi.names(g1));
    }

    @Test
    void aLongPollOnAGroupNobodyIsInWakesOnTheFirstJoinAndOnTheLastLeave() throws Exception {
        CompletableFuture<HttpResponse<String>> first = poll("g", 0, "60s");
        Await.until("the poll parked", SOON, () -> watchers() == 1);
        long joined = joinOk(server.http(), "g", "a", s1, 0).get("rev").asLong();
        assertEquals(joined, answer(first).get("rev").asLong());
        CompletableFuture<HttpResponse<String>> last = poll("g", joined, "60s");
        Await.until("the poll parked", SOON, () -> watchers() == 1);
        leave(server.http(), "g", "a", s1).then().statusCode(204);
        JsonNode empty = answer(last);
        assertEquals(0, empty.get("rev").asLong(), "a group nobody is in has rev 0");
        assertEquals(0, empty.get("members").size());
    }

    @Test
    void aLongPollTimesOutWithTheGroupAsItIs() throws Exception {
        long rev = joinOk(server.http(), "g", "a", s1, 0).get("rev").asLong();
        JsonNode same = answer(poll("g", rev, "300ms"));
        assertEquals(rev, same.get("rev").asLong());
        assertEquals("a", CoordApi.names(same));
        Await.until("the poll was counted out", SOON, () -> watchers() == 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"?wait=x", "?wait=-1", "?wait=1&timeout=soon", "?wait=1&timeout=11m", "?timeout=1s",
            "?consistent=maybe"})
    void badOptionsAre400(String query) {
        Api.assertProblem(server.http().get("/groups/g" + query), 400, "invalid-input");
    }

    /** Jetty has 200 threads: were a parked poll to hold one, the 250 would starve every other request. */
    @Test
    void manyLongPollsHoldNoThreadAndOneChangeAnswersThemAll() throws Exception {
        long rev = joinOk(server.http(), "g", "a", s1, 0).get("rev").asLong();
        List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
        for (int i = 0; i < POLLS; i++) {
            polls.add(poll("g", rev, "60s"));
        }
        Await.until(POLLS + " polls parked", Duration.ofSeconds(60), () -> watchers() == POLLS);
        assertEquals("{\"x\":1}", Api.data(server, "app").trim(), "reads are still served");
        assertEquals(rev, rev("g"));
        long change = joinOk(server.http(), "g", "b", s2, 0).get("rev").asLong();
        JsonNode group = CoordApi.group(server.http(), "g");
        for (CompletableFuture<HttpResponse<String>> poll : polls) {
            assertEquals(group, answer(poll), "every poll gets the group as of the change, rev " + change);
        }
        Await.until("every poll counted out", SOON, () -> watchers() == 0);

        // Re-armed with the rev they were answered with, they all wait for the next change: a leave.
        polls.clear();
        for (int i = 0; i < POLLS; i++) {
            polls.add(poll("g", change, "60s"));
        }
        Await.until(POLLS + " polls parked again", Duration.ofSeconds(60), () -> watchers() == POLLS);
        leave(server.http(), "g", "b", s2).then().statusCode(204);
        JsonNode left = CoordApi.group(server.http(), "g");
        assertEquals("a", CoordApi.names(left));
        for (CompletableFuture<HttpResponse<String>> poll : polls) {
            assertEquals(left, answer(poll));
        }
        Await.until("every poll counted out", SOON, () -> watchers() == 0);
    }

    @Test
    void anEventStreamSendsTheGroupThenOneEventPerChange() throws Exception {
        long rev = joinOk(server.http(), "srv/dm", "h1", s1, 0).get("rev").asLong();
        try (EventStreamClient stream = EventStreamClient.open(server.url() + "/groups/srv/dm", null)) {
            assertEquals("text/event-stream; charset=utf-8",
                    stream.head(SOON).headers().firstValue("Content-Type").orElse(null));
            EventStreamClient.Event now = stream.next(SOON);
            assertEquals("members", now.name());
            assertEquals(Long.toString(rev), now.id());
            Api.assertSameJson(Api.text(server.http().get("/groups/srv/dm")), now.data());
            joinOk(server.http(), "other", "x", s2, 0); // another group: no event
            long joined = joinOk(server.http(), "srv/dm", "h2", s2, 0).get("rev").asLong();
            EventStreamClient.Event next = stream.next(SOON);
            assertEquals(Long.toString(joined), next.id(), "the next event is this group's next change");
            assertEquals("h1 h2", CoordApi.names(Api.json(next.data())));
            server.http().delete("/sessions/" + s1).then().statusCode(204);
            EventStreamClient.Event ended = stream.next(SOON);
            assertEquals("h2", CoordApi.names(Api.json(ended.data())));
            assertEquals(Long.toString(rev("srv/dm")), ended.id());
        }
    }

    @Test
    void lastEventIdResumesAfterTheRevTheClientSaw() throws Exception {
        long rev = joinOk(server.http(), "g", "a", s1, 0).get("rev").asLong();
        try (EventStreamClient missed = EventStreamClient.open(server.url() + "/groups/g", Long.toString(rev - 1))) {
            EventStreamClient.Event event = missed.next(SOON);
            assertEquals(Long.toString(rev), event.id(), "a rev the client has not seen comes at once");
        }
        try (EventStreamClient current = EventStreamClient.open(server.url() + "/groups/g", Long.toString(rev))) {
            current.head(SOON);
            // Whether the stream subscribed before or after this join, its first event must be the join.
            long joined = joinOk(server.http(), "g", "b", s2, 0).get("rev").asLong();
            EventStreamClient.Event event = current.next(SOON);
            assertEquals(Long.toString(joined), event.id(), "nothing for the rev the client had; then the change");
        }
        Api.assertProblem(server.http().header("Accept", "text/event-stream").header("Last-Event-ID", "x")
                .get("/groups/g"), 400, "invalid-input");
        Api.assertProblem(server.http().header("Accept", "text/event-stream").get("/groups/g?wait=1"), 400,
                "invalid-input");
    }

    @Test
    void groupWaitersCountAgainstThePerAddressBound() throws Exception {
        server.close();
        server = TestServer.start(dataDir, cfg -> cfg.withLimits(Limits.DEFAULT.withMaxWatchersPerAddress(2)));
        long rev = rev("g");
        CompletableFuture<HttpResponse<String>> first = poll("g", rev, "60s");
        try (EventStreamClient stream = EventStreamClient.open(server.url() + "/groups/g", null)) {
            Await.until("a poll and a stream open", SOON, () -> watchers() == 2);
            Response third = server.http().get("/groups/g?wait=" + rev + "&timeout=60s");
            Api.assertProblem(third, 429, "too-many-watchers");
            Api.assertProblem(server.http().get("/data/app?wait=" + before.seq()), 429, "too-many-watchers");
        }
        first.cancel(true);
    }
}
