package dev.lighthouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commits are atomic and serialised under concurrency: readers never see half
 * a commit, conditional writers race with exactly one winner, the lock has
 * one holder, and concurrent unconditional writes are all kept. Every loop is
 * bounded in count and time.
 */
class AtomicityTest {

    static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    TestServer server;
    ExecutorService threads = Executors.newFixedThreadPool(8);

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dataDir);
    }

    @AfterEach
    void stop() throws Exception {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS), "test threads finish");
        server.close();
    }

    @Test
    void readersNeverSeeHalfACommit() throws Exception {
        Api.Ver start = Api.commitDocument(server, "{\"a\":0,\"b\":0,\"pad\":{\"x\":[1,2,3]}}");
        long first = start.seq();
        Api.commitDocument(server, "{\"a\":" + (first + 1) + ",\"b\":" + (first + 1) + ",\"pad\":{\"x\":[1,2,3]}}");
        int commits = 30;
        AtomicBoolean writing = new AtomicBoolean(true);
        Queue<String> violations = new ConcurrentLinkedQueue<>();
        Map<Long, String> seen = new ConcurrentHashMap<>();
        AtomicInteger reads = new AtomicInteger();

        List<Future<?>> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            readers.add(threads.submit(() -> {
                long deadline = System.nanoTime() + DEADLINE.toNanos();
                long lastSeq = -1;
                for (int i = 0; i < 20_000 && writing.get() && System.nanoTime() < deadline; i++) {
                    Response reply = server.http().get("/data/");
                    long seq = Long.parseLong(reply.header("X-Lighthouse-Seq"));
                    JsonNode doc = Api.json(reply);
                    long a = doc.get("a").asLong();
                    long b = doc.get("b").asLong();
                    if (a != b || a != seq) {
                        violations.add("seq " + seq + " served a=" + a + " b=" + b);
                    }
                    if (seq < lastSeq) {
                        violations.add("seq went back from " + lastSeq + " to " + seq);
                    }
                    lastSeq = seq;
                    seen.put(seq, Objects.requireNonNull(reply.header("X-Lighthouse-Checksum")));
                    reads.incrementAndGet();
                }
                return null;
            }));
        }

        try {
            for (int k = 2; k <= commits; k++) {
                long next = first + k;
                switch (k % 3) {
                    case 0 -> {
                        Api.acquire(server, "writer");
                        Api.stageOk(server, "writer", "a", String.valueOf(next));
                        Api.stageOk(server, "writer", "pad/x/-", String.valueOf(k));
                        Api.stageOk(server, "writer", "b", String.valueOf(next));
                        assertEquals(next, Api.commitOk(server, "writer").get("seq").asLong());
                    }
                    case 1 -> assertEquals(next, Api.patchOk(server, "", Api.MERGE,
                            "{\"a\":" + next + ",\"b\":" + next + "}").get("seq").asLong());
                    default -> assertEquals(next, Api.patchOk(server, "", Api.JSON_PATCH,
                            "[{\"op\":\"replace\",\"path\":\"/b\",\"value\":" + next + "},"
                                    + "{\"op\":\"replace\",\"path\":\"/a\",\"value\":" + next + "}]").get("seq").asLong());
                }
            }
        } finally {
            writing.set(false);
        }
        for (Future<?> reader : readers) {
            reader.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }

        assertTrue(violations.isEmpty(), () -> violations.size() + " torn reads, e.g. " + violations.peek());
        assertTrue(reads.get() > 0);
        assertTrue(seen.size() > 1, "readers overlapped with commits (saw " + seen.size() + " versions in "
                + reads.get() + " reads)");
        JsonNode versions = Api.json(server.http().get("/versions?limit=1000").asString());
        for (JsonNode version : versions) {
            String checksum = seen.get(version.get("seq").asLong());
            if (checksum != null) {
                assertEquals(version.get("checksum").asText(), checksum, "header checksum of " + version.get("seq"));
            }
        }
    }

    @Test
    void conditionalPatchesRaceWithExactlyOneWinner() throws Exception {
        long seq = Api.commitDocument(server, "{\"winner\":null}").seq();
        int racers = 8;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> replies = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            String body = "{\"winner\":" + i + "}";
            replies.add(threads.submit(() -> {
                go.await();
                return conditionalPatch(seq, body);
            }));
        }
        go.countDown();

        int winner = -1;
        for (int i = 0; i < racers; i++) {
            Response reply = replies.get(i).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            if (reply.statusCode() == 200) {
                assertEquals(-1, winner, "only one conditional write may win");
                winner = i;
                assertEquals(seq + 1, Api.json(reply).get("committed").get("seq").asLong());
            } else {
                assertEquals(412, reply.statusCode(), Api.text(reply));
            }
        }
        assertTrue(winner >= 0, "one conditional write wins");
        assertEquals(seq + 1, Api.version(server).seq());
        assertEquals(String.valueOf(winner), Api.data(server, "winner").trim());
    }

    private Response conditionalPatch(long seq, String body) {
        return server.http().contentType(Api.MERGE).header("If-Match", "\"" + seq + "\"")
                .body(body.getBytes(StandardCharsets.UTF_8)).patch("/data/");
    }

    @Test
    void concurrentAcquirersGetOneHolder() throws Exception {
        int contenders = 8;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> replies = new ArrayList<>();
        for (int i = 0; i < contenders; i++) {
            String body = "{\"name\":\"t" + i + "\",\"locked\":true,\"wait\":\"0s\"}";
            replies.add(threads.submit(() -> {
                go.await();
                return Api.send(server, "PUT", "/lock", Api.JSON, body);
            }));
        }
        go.countDown();

        List<String> holders = new ArrayList<>();
        List<String> named = new ArrayList<>();
        for (Future<Response> future : replies) {
            Response reply = future.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            if (reply.statusCode() == 200) {
                holders.add(Api.json(reply).get("name").asText());
            } else {
                assertEquals(409, reply.statusCode(), Api.text(reply));
                named.add(Api.json(reply).get("holder").asText());
            }
        }
        assertEquals(1, holders.size(), "exactly one holder: " + holders);
        assertTrue(named.stream().allMatch(holders.get(0)::equals), "every refusal names the holder: " + named);
        assertEquals(holders.get(0), Api.lockState(server).get("name").asText());
    }

    @Test
    void concurrentUnconditionalPatchesAreAllKept() throws Exception {
        long before = Api.version(server).seq();
        int writers = 6;
        int each = 4;
        List<Future<Object>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Callable<Object> task = () -> {
                for (int i = 0; i < each; i++) {
                    Api.patchOk(server, "", Api.JSON_PATCH,
                            "[{\"op\":\"add\",\"path\":\"/w" + writer + "-" + i + "\",\"value\":" + i + "}]");
                }
                return null;
            };
            futures.add(threads.submit(task));
        }
        for (Future<Object> future : futures) {
            future.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
        JsonNode doc = Api.json(Api.data(server, ""));
        assertEquals(writers * each, doc.size(), doc.toString());
        assertEquals(before + writers * each, Api.version(server).seq(), "one version per write, none lost");
    }
}
