package dev.lighthouse.http;

import static dev.lighthouse.testing.Api.MERGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.config.Limits;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.EventStreamClient;
import dev.lighthouse.testing.EventStreamClient.Event;
import dev.lighthouse.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /watch/{path}}: server-sent events of one path's value. */
class WatchApiIT {

    private static final Duration SOON = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(300);
    private final List<EventStreamClient> streams = new ArrayList<>();

    @TempDir
    Path dataDir;
    TestServer server;
    long seq;

    @BeforeEach
    void start() throws Exception {
        Limits limits = new Limits(Limits.DEFAULT.maxBodyBytes(), Limits.DEFAULT.maxDepth(),
                Limits.DEFAULT.maxStringLength(), Limits.DEFAULT.maxPathBytes(), Limits.DEFAULT.maxTtl(),
                Limits.DEFAULT.maxWait(), Limits.DEFAULT.writeTimeout(), 1100, Duration.ofMillis(100));
        server = TestServer.start(dataDir, cfg -> cfg.withRetain(3).withLimits(limits));
        seq = Api.commitDocument(server, """
                {"app":{"dm":{"host":"a"},"other":1},"list":[1,2]}""").seq();
    }

    @AfterEach
    void stop() throws Exception {
        streams.forEach(EventStreamClient::close);
        Api.assertNo5xx(server);
        server.close();
    }

    private EventStreamClient watch(String pathAndQuery, String lastEventId) {
        EventStreamClient stream = EventStreamClient.open(server.url() + "/watch/" + pathAndQuery, lastEventId);
        streams.add(stream);
        return stream;
    }

    private long merge(String path, String patch) {
        return Api.patchOk(server, path, MERGE, patch).get("seq").asLong();
    }

    private static void assertEvent(Event event, long seq, String name, String data) {
        assertEquals(String.valueOf(seq), event.id(), () -> "id of " + event);
        assertEquals(name, event.name(), () -> "event name of " + event);
        Api.assertSameJson(data, event.data());
    }

    @Test
    void firstTheCurrentValueThenOneEventPerCommitThatChangesIt() throws Exception {
        EventStreamClient stream = watch("app/dm", null);
        var head = stream.head(SOON);
        assertEquals(200, head.statusCode());
        assertTrue(head.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        assertEvent(stream.next(SOON), seq, "value", "{\"host\":\"a\"}");
        merge("list", "{\"x\":1}");
        long changed = merge("app/dm", "{\"host\":\"b\"}");
        assertEvent(stream.next(SOON), changed, "value", "{\"host\":\"b\"}");
        assertNull(stream.poll(QUIET), "nothing else changed /app/dm");
    }

    @Test
    void anAbsentValueIsAnAbsentEventAndItsArrivalAValueEvent() throws Exception {
        EventStreamClient stream = watch("app/new", null);
        Event first = stream.next(SOON);
        assertEquals("absent", first.name());
        assertEquals("", first.data());
        long created = merge("app", "{\"new\":[1]}");
        assertEvent(stream.next(SOON), created, "value", "[1]");
        long removed = merge("app", "{\"new\":null}");
        Event gone = stream.next(SOON);
        assertEquals(String.valueOf(removed), gone.id());
        assertEquals("absent", gone.name());
    }

    @Test
    void resumingSendsAnEventOnlyIfThePathChangedSince() throws Exception {
        long before = seq;
        long changed = merge("app/dm", "{\"host\":\"c\"}");
        EventStreamClient viaHeader = watch("app/dm", String.valueOf(before));
        assertEvent(viaHeader.next(SOON), changed, "value", "{\"host\":\"c\"}");
        EventStreamClient viaQuery = watch("list?since=" + before, null);
        assertEquals(200, viaQuery.head(SOON).statusCode());
        assertNull(viaQuery.poll(QUIET), "/list did not change since " + before);
        long listChanged = merge("list", "{\"z\":0}");
        assertEvent(viaQuery.next(SOON), listChanged, "value", "{\"z\":0}");
    }

    @Test
    void resumingFromBeforeHistoryIsFlaggedAsResync() throws Exception {
        for (int i = 0; i < 4; i++) {
            merge("app", "{\"other\":" + (20 + i) + "}"); // retain=3: `seq` leaves history
        }
        EventStreamClient stream = watch("list", String.valueOf(seq));
        Event resync = stream.next(SOON);
        assertEquals("resync", resync.name());
        assertEvent(stream.next(SOON), seq + 4, "value", "[1,2]");
    }

    @Test
    void aQuietStreamGetsHeartbeats() throws Exception {
        EventStreamClient stream = watch("list", null);
        stream.next(SOON);
        Await.until("three heartbeats (100 ms apart)", SOON, () -> stream.comments() >= 3);
    }

    @Test
    void aClientThatGoesAwayIsForgotten() throws Exception {
        EventStreamClient stream = watch("list", null);
        stream.next(SOON);
        awaitWatchers(1);
        stream.close();
        // The next heartbeat (100 ms) finds the connection closed.
        awaitWatchers(0);
    }

    @Test
    void aThousandWatchersAreAllWokenByOneCommit() throws Exception {
        int n = 1000;
        List<EventStreamClient> many = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            many.add(watch(i % 2 == 0 ? "app/dm/host" : "app", null));
        }
        for (EventStreamClient s : many) {
            assertEquals(seq, Long.parseLong(s.next(SOON).id()));
        }
        long changed = merge("app/dm", "{\"host\":\"many\"}");
        for (int i = 0; i < n; i++) {
            Event event = many.get(i).next(SOON);
            assertEquals(String.valueOf(changed), event.id());
            if (i % 2 == 0) {
                assertEquals("\"many\"", event.data());
            }
        }
    }

    @Test
    void oneAddressMayHoldOnlyAsManyStreamsAsTheLimit() throws Exception {
        List<EventStreamClient> held = new ArrayList<>();
        for (int i = 0; i < 1100; i++) {
            held.add(watch("list", null));
        }
        for (EventStreamClient s : held) {
            s.next(SOON);
        }
        EventStreamClient refused = watch("list", null);
        assertEquals(429, refused.head(SOON).statusCode());
        held.get(0).close();
        Await.until("a freed slot", SOON, () -> {
            EventStreamClient retry = watch("list", null);
            try {
                return retry.head(SOON).statusCode() == 200;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void badRequestsAreProblems() {
        Api.assertProblem(server.http().header("Last-Event-ID", "x").get("/watch/list"), 400, "invalid-input");
        Api.assertProblem(server.http().get("/watch/list?since=-3"), 400, "invalid-input");
        Api.assertProblem(server.http().get("/watch/a/../b"), 400, "invalid-input");
        Api.assertProblem(server.http().post("/watch/list"), 405, "method-not-allowed");
        var head = server.http().head("/watch/list");
        assertEquals(200, head.statusCode());
        assertTrue(head.contentType().startsWith("text/event-stream"));
    }

    private void awaitWatchers(int n) {
        Await.until(n + " watchers", SOON, () -> Api.text(Api.send(server, "GET", "/metrics", null, null))
                .contains("lighthouse_watchers " + n + ".0"));
    }
}
