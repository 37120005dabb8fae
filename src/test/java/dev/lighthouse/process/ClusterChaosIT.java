package dev.lighthouse.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.ProcessCluster;
import dev.lighthouse.testing.ServerProcess;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded chaos on three bin/lighthouse processes: a writer commits numbered keys through whichever
 * node it picks while nodes are SIGKILLed and restarted at random, at most one down at a time.
 * Afterwards every acknowledged commit must be on every node, and all nodes at one version; and
 * along the way, a {@code ?consistent=true} read of an acknowledged commit, on any node, sees it,
 * as does a plain read on the node that acknowledged it.
 * {@code -Dchaos.seed=N} replays a seed's choices (the timing of a real cluster still varies).
 */
class ClusterChaosIT {

    private static final Duration CHAOS = Duration.ofSeconds(32);
    private static final int MAX_WRITES = 20_000;
    private static final int MAX_KILLS = 40;
    /**
     * Every this many writes, an acknowledged one is read back with ?consistent=true on a random
     * node, and another plainly on the node that acknowledged it.
     */
    private static final int READ_EVERY = 4;

    @TempDir
    Path temp;

    @Test
    void everyAcknowledgedCommitSurvivesRandomKillsAndRestarts() throws Exception {
        long seed = Long.getLong("chaos.seed", System.currentTimeMillis());
        String context = "seed " + seed + " (rerun with -Dchaos.seed=" + seed + ")";
        System.out.println("ClusterChaosIT " + context);
        Random chaos = new Random(seed);
        Random writerChoices = new Random(seed + 1);
        Path logs = ServerProcess.home().resolve("target/cluster-logs/ClusterChaosIT");
        List<String> events = new ArrayList<>();
        try (ProcessCluster cluster = ProcessCluster.start(3, temp, logs)) {
            cluster.awaitAllActive(Duration.ofSeconds(60));

            ConcurrentLinkedQueue<Integer> acknowledged = new ConcurrentLinkedQueue<>();
            AtomicInteger attempted = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentLinkedQueue<String> staleReads = new ConcurrentLinkedQueue<>();
            Thread writer = new Thread(() -> write(cluster, writerChoices, stop, attempted, acknowledged, staleReads),
                    "chaos-writer");
            writer.start();

            long chaosEnd = System.nanoTime() + CHAOS.toNanos();
            int kills = 0;
            try {
                while (System.nanoTime() < chaosEnd && kills < MAX_KILLS) {
                    // Random pauses are the point here: crashes land at arbitrary moments of the writes.
                    Thread.sleep(300 + chaos.nextInt(2000));
                    int victim = chaos.nextInt(3);
                    if (chaos.nextInt(3) == 0) {
                        int leader = cluster.leader();
                        victim = leader >= 0 ? leader : victim;
                    }
                    events.add(elapsed(chaosEnd) + " kill " + ProcessCluster.name(victim));
                    cluster.kill(victim);
                    kills++;
                    Thread.sleep(chaos.nextInt(2500));
                    events.add(elapsed(chaosEnd) + " restart " + ProcessCluster.name(victim));
                    cluster.restart(victim);
                }
            } finally {
                stop.set(true);
                writer.join(30_000);
            }
            assertTrue(!writer.isAlive(), "the writer did not stop; " + context);
            events.add(elapsed(chaosEnd) + " chaos over: " + kills + " kills, " + attempted.get()
                    + " writes attempted, " + acknowledged.size() + " acknowledged");
            System.out.println(String.join("\n", events));
            assertEquals(List.of(), List.copyOf(staleReads), "reads missing acknowledged writes; " + context);

            for (int i = 0; i < cluster.size(); i++) {
                if (!cluster.isUp(i)) {
                    cluster.restart(i);
                }
            }
            List<List<ProcessCluster.Snapshot>> last = new ArrayList<>(List.of(List.of()));
            List<Integer> acked = List.copyOf(acknowledged);
            try {
                Await.until("every node at one seq and checksum, holding every acknowledged commit",
                        Duration.ofSeconds(40), () -> {
                            List<ProcessCluster.Snapshot> all = cluster.readAll();
                            if (all != null) {
                                last.set(0, all);
                            }
                            return ProcessCluster.converged(all)
                                    && all.stream().allMatch(s -> missing(s.document(), acked).isEmpty());
                        });
                cluster.awaitAllActive(Duration.ofSeconds(20));
            } catch (AssertionError e) {
                StringBuilder report = new StringBuilder(e.getMessage()).append("; ").append(context);
                for (ProcessCluster.Snapshot s : last.get(0)) {
                    report.append("\n  ").append(s.node()).append(" seq ").append(s.seq()).append(' ')
                            .append(s.checksum()).append(", missing acknowledged ");
                    List<Integer> missing = missing(s.document(), acked);
                    report.append(missing.size()).append(' ').append(missing.subList(0, Math.min(20, missing.size())));
                }
                for (int i = 0; i < cluster.size(); i++) {
                    report.append("\n  ").append(ProcessCluster.name(i)).append(" health ").append(cluster.health(i));
                }
                report.append("\n  events:\n    ").append(String.join("\n    ", events));
                report.append("\n  logs in ").append(logs);
                throw new AssertionError(report.toString(), e);
            }
            assertTrue(kills >= 3, "only " + kills + " kills; " + context);
            assertTrue(acked.size() >= 20, "only " + acked.size() + " commits acknowledged; " + context
                    + "\n" + String.join("\n", events));
        }
    }

    /** Writes k1, k2, ... one key a commit; records n only on a 200, the one reply that promises durability. */
    private static void write(ProcessCluster cluster, Random choices, AtomicBoolean stop, AtomicInteger attempted,
                              ConcurrentLinkedQueue<Integer> acknowledged, ConcurrentLinkedQueue<String> staleReads) {
        for (int n = 1; n <= MAX_WRITES && !stop.get(); n++) {
            int node = choices.nextInt(cluster.size());
            ServerProcess target = cluster.node(node);
            if (target == null) {
                n--; // nothing was sent, so n is still unused
                continue;
            }
            attempted.incrementAndGet();
            long sent = System.nanoTime();
            try {
                Response reply = Api.send(target, "PATCH", "/data/", Api.MERGE,
                        "{\"chaos\":{\"k" + n + "\":" + n + "}}");
                long millis = (System.nanoTime() - sent) / 1_000_000;
                if (millis > 2000) {
                    // Slow answers are legal during a fail-over, but how slow is worth seeing in the report.
                    System.out.println("write " + n + " to " + ProcessCluster.name(node) + " took " + millis
                            + " ms: " + reply.statusCode() + " " + Api.text(reply));
                }
                if (reply.statusCode() == 200) {
                    acknowledged.add(n);
                    if (n % READ_EVERY == 0) {
                        readBack(cluster, choices.nextInt(cluster.size()), n, "?consistent=true", staleReads);
                    } else if (n % READ_EVERY == READ_EVERY / 2) {
                        // The node that answered serves what it answered, without asking anyone.
                        readBack(cluster, node, n, "", staleReads);
                    }
                } else if (reply.statusCode() != 503) {
                    System.out.println("write " + n + " to " + ProcessCluster.name(node) + ": " + reply.statusCode()
                            + " " + Api.text(reply));
                }
            } catch (Exception e) {
                // killed under the request, or not answering: the outcome is unknown and n is never reused
            }
        }
    }

    /**
     * A read after the write was acknowledged must see it: anywhere with {@code ?consistent=true}
     * (a linearizable read), and on the node that answered without. 503 (no leader, not serving)
     * and a node that is down are allowed.
     */
    private static void readBack(ProcessCluster cluster, int node, int n, String query,
                                 ConcurrentLinkedQueue<String> staleReads) {
        ServerProcess target = cluster.node(node);
        if (target == null) {
            return;
        }
        try {
            Response read = target.http().get("/data/chaos/k" + n + query);
            boolean stale = read.statusCode() == 404
                    || (read.statusCode() == 200 && !Api.text(read).strip().equals(String.valueOf(n)));
            if (stale) {
                // The wall-clock time, to find the moment in the nodes' logs.
                staleReads.add(LocalTime.now() + " k" + n + query + " read on " + ProcessCluster.name(node)
                        + " after its 200: " + read.statusCode() + " " + Api.text(read).strip());
            }
        } catch (Exception e) {
            // killed under the read: it proves nothing either way
        }
    }

    private static List<Integer> missing(JsonNode document, List<Integer> acked) {
        JsonNode values = document.path("chaos");
        List<Integer> missing = new ArrayList<>();
        for (int n : acked) {
            if (values.path("k" + n).asInt(-1) != n) {
                missing.add(n);
            }
        }
        return missing;
    }

    private static String elapsed(long chaosEnd) {
        return String.format("%+.1fs", (System.nanoTime() - chaosEnd + CHAOS.toNanos()) / 1e9);
    }
}
