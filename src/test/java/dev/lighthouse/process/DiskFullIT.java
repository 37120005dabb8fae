package dev.lighthouse.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.ServerProcess;
import dev.lighthouse.testing.SmallDisk;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose data.d is on a real small file system that fills up: writes are refused with 507
 * and nothing else, reads go on, the node resumes by itself when space comes back, and every
 * start afterwards, after a clean stop or a kill -9, even while the disk is still full, serves
 * every acknowledged commit.
 */
class DiskFullIT {

    private static final String MERGE = "application/merge-patch+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SMALL = 24L * 1024 * 1024;
    private static final long GROWN = 200L * 1024 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    /** The operator's report, as it was met: a 24 MiB disk, 1 MiB commits until full, grown, one more, restart. */
    @Test
    void aFullDiskRefusesWritesThenResumesAndEveryStartServesEveryAcknowledgedCommit() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(temp.resolve("disk"), SMALL)) {
            String[] flags = {"--data.d=" + disk.path().resolve("data.d"), "--port=0", "--cluster-port=0"};
            Set<Integer> acked = new TreeSet<>();
            ServerProcess server = ServerProcess.start(flags);
            try {
                List<String> refusals = new ArrayList<>();
                Random random = new Random(7);
                for (int n = 1; n <= 80 && refusals.size() < 3; n++) {
                    Response reply = patch(server, n, 1024 * 1024, random);
                    if (reply.statusCode() == 200) {
                        acked.add(n);
                    } else {
                        assertEquals(507, reply.statusCode(), "a write on a full disk: " + Api.text(reply));
                        refusals.add(Api.text(reply));
                    }
                }
                assertEquals(3, refusals.size(), "the disk filled up: " + acked.size() + " commits fitted");
                assertTrue(acked.size() >= 5, "commits before the disk filled: " + acked);
                for (String refusal : refusals) {
                    JsonNode problem = JSON.readTree(refusal);
                    assertEquals("/problems/insufficient-storage", problem.path("type").asText());
                    assertEquals("not-applied", problem.path("outcome").asText());
                }
                assertEquals(acked, ackedOn(server), "reads serve the last good version");
                Response health = server.http().get("/health");
                assertEquals(503, health.statusCode());
                assertEquals("storage-failing", JSON.readTree(Api.text(health)).path("status").asText());
                assertTrue(Api.text(server.http().get("/metrics")).contains("lighthouse_storage_failing 1.0"));
                Response poll = server.http().get("/data/acked?wait=1&timeout=100ms");
                assertEquals(200, poll.statusCode(), "long polls are answered: " + Api.text(poll));

                disk.resize(GROWN);
                awaitHealthy(server, "the node accepting writes again");
                int next = acked.stream().mapToInt(Integer::intValue).max().orElse(0) + 100;
                assertEquals(200, patch(server, next, 1024 * 1024, random).statusCode());
                acked.add(next);
                assertEquals(acked, ackedOn(server));
            } finally {
                server.close();
            }
            server = ServerProcess.start(flags);
            try {
                assertEquals(acked, ackedOn(server), "after a clean stop");
                server.kill();
                server = ServerProcess.start(flags);
                assertEquals(acked, ackedOn(server), "after kill -9");
                awaitHealthy(server, "the restarted node healthy");
            } finally {
                server.close();
            }
        }
    }

    /** kill -9 at random moments of a write loop, most of them with the disk full, and a start on a full disk. */
    @Test
    void killedAtRandomWhileTheDiskIsFullNoAcknowledgedCommitIsLost() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(temp.resolve("disk"), SMALL)) {
            String[] flags = {"--data.d=" + disk.path().resolve("data.d"), "--port=0", "--cluster-port=0"};
            Random random = new Random(11);
            Set<Integer> acked = new ConcurrentSkipListSet<>();
            AtomicInteger refused = new AtomicInteger();
            int next = 1;
            ServerProcess server = ServerProcess.start(flags);
            try {
                for (int round = 0; round < 5; round++) {
                    if (round == 4) {
                        disk.resize(GROWN);
                    }
                    next = writeUntilKilled(server, next, acked, refused, 300 + random.nextInt(1500));
                    server = ServerProcess.start(flags);
                    Set<Integer> stored = ackedOn(server);
                    assertTrue(stored.containsAll(acked), "round " + round + ": acknowledged " + acked
                            + " but the restarted node has " + stored);
                    acked.addAll(stored); // a write cut off by the kill may have committed: it must stay too
                }
                assertTrue(acked.size() >= 5, "the loop really committed: " + acked);
                assertTrue(refused.get() > 0, "the disk really filled up");
                awaitHealthy(server, "the node healthy once the disk has room");
            } finally {
                server.close();
            }
        }
    }

    private static int writeUntilKilled(ServerProcess server, int from, Set<Integer> acked, AtomicInteger refused,
                                        long killAfterMillis) throws Exception {
        int[] next = {from};
        Thread writer = new Thread(() -> {
            Random blobs = new Random(from);
            for (int n = from; n < from + 10_000; n++) {
                next[0] = n + 1;
                try {
                    Response reply = patch(server, n, 256 * 1024, blobs);
                    if (reply.statusCode() == 200) {
                        acked.add(n);
                    } else if (reply.statusCode() == 507) {
                        refused.incrementAndGet();
                    } else {
                        throw new AssertionError("write " + n + ": " + reply.statusCode() + " " + Api.text(reply));
                    }
                } catch (AssertionError e) {
                    throw e;
                } catch (Exception e) {
                    return; // killed
                }
            }
        });
        writer.start();
        Thread.sleep(killAfterMillis); // the crash instant is the point of the test: a random moment, not a condition
        server.kill();
        writer.join(30_000);
        return next[0];
    }

    /** Each write replaces a large blob and adds its own number under /acked. */
    private static Response patch(ServerProcess server, int n, int blobBytes, Random random)
            throws Exception {
        StringBuilder blob = new StringBuilder(blobBytes);
        for (int i = 0; i < blobBytes; i++) {
            blob.append((char) ('a' + random.nextInt(26)));
        }
        String body = "{\"blob\":\"" + blob + "\",\"acked\":{\"" + n + "\":true}}";
        return Api.send(server, "PATCH", "/data/", MERGE, body);
    }

    private static Set<Integer> ackedOn(ServerProcess server) throws Exception {
        Response reply = server.http().get("/data/acked");
        Set<Integer> stored = new TreeSet<>();
        if (reply.statusCode() == 404) {
            return stored;
        }
        assertEquals(200, reply.statusCode(), Api.text(reply));
        JSON.readTree(Api.text(reply)).fieldNames().forEachRemaining(name -> stored.add(Integer.parseInt(name)));
        return stored;
    }

    private static void awaitHealthy(ServerProcess server, String what) {
        Await.until(what, WAIT, () -> healthy(server));
    }

    private static boolean healthy(ServerProcess server) {
        try {
            return server.http().get("/health").statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }
}
