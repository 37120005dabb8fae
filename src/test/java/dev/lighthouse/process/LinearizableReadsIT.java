package dev.lighthouse.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.LinearizabilityChecker;
import dev.lighthouse.testing.ProcessCluster;
import dev.lighthouse.testing.RegisterHistory;
import dev.lighthouse.testing.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ?consistent=true} reads are linearizable, checked as Jepsen checks a store: eight clients
 * write unique values to one key ({@code PATCH /data/}, a merge patch) and read it back with
 * {@code ?consistent=true} on the members of a three-process cluster (each client mostly on its own
 * member, sometimes on a random one), while the leader is
 * paused (SIGSTOP until the others have elected a new leader, then SIGCONT, so it resumes still
 * believing it leads, with stale messages in its sockets), and later killed and restarted. The
 * recorded history is then checked by {@link LinearizabilityChecker}.
 * {@code -Dlinearizable.seed=N} replays a seed's choices (the timing of a real cluster still varies).
 */
class LinearizableReadsIT {

    private static final int CLIENTS = 8;
    private static final int PAUSES = 2;
    private static final int MAX_OPS_PER_CLIENT = 50_000;
    /** The client gives up on a request after this; a write it gave up on has an unknown outcome. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(1500);
    /** Load after each fault: the window in which a resumed or restarted node answers. */
    private static final long AFTER_FAULT_MILLIS = 3000;
    private static final String MERGE = Api.MERGE;

    /**
     * The JDK's client rather than {@link Api}: each operation of the history needs one bound on
     * its whole duration (REST Assured bounds each read of the socket, not the request), and
     * kept-alive connections give the checker the rate of operations it is meant to judge.
     */
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(REQUEST_TIMEOUT).build();
    private final RegisterHistory history = new RegisterHistory();
    private final List<String> events = new ArrayList<>();
    private final boolean[] paused = new boolean[3];
    private final AtomicInteger acknowledgedWrites = new AtomicInteger();
    private final AtomicInteger unansweredReads = new AtomicInteger();
    /** Answers no correct server gives (a 200 whose body is not a number); each fails the test. */
    private final ConcurrentLinkedQueue<String> surprises = new ConcurrentLinkedQueue<>();
    private AssertionError nemesisFailed;

    @TempDir
    Path temp;

    @Test
    void consistentReadsStayLinearizableWhileTheLeaderIsPausedKilledAndRestarted() throws Exception {
        long seed = Long.getLong("linearizable.seed", System.currentTimeMillis());
        String context = "seed " + seed + " (rerun with -Dlinearizable.seed=" + seed + ")";
        System.out.println("LinearizableReadsIT " + context);
        Random nemesis = new Random(seed);
        Path logs = ServerProcess.home().resolve("target/cluster-logs/LinearizableReadsIT");
        try (ProcessCluster cluster = ProcessCluster.start(3, temp, logs)) {
            cluster.awaitAllActive(Duration.ofSeconds(60));
            int first = leader(cluster, -1);
            long call = history.now();
            assertEquals(200, send(cluster.url(first), "PATCH", "/data/", "{\"reg\":0}").statusCode());
            history.acknowledgedWrite(call, 0, ProcessCluster.name(first));

            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger values = new AtomicInteger();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Random choices = new Random(seed + 1 + c);
                int home = c % cluster.size();
                Thread t = new Thread(() -> runClient(cluster, home, choices, stop, values), "client-" + c);
                t.start();
                clients.add(t);
            }
            try {
                Thread.sleep(1000); // some load before the first fault
                for (int p = 0; p < PAUSES; p++) {
                    pauseLeaderUntilReplaced(cluster);
                    Thread.sleep(AFTER_FAULT_MILLIS);
                    // The next fault only once the resumed node is back in the view: pausing a leader
                    // while only two members see each other would leave nobody to elect a new one.
                    cluster.awaitAllActive(Duration.ofSeconds(30));
                    event("all active");
                }
                int victim = leader(cluster, -1);
                event("kill " + ProcessCluster.name(victim));
                cluster.kill(victim);
                // Restarted before the others dropped it from their view, it would be refused as a
                // duplicate member; a new leader means they have.
                event(ProcessCluster.name(leader(cluster, victim)) + " leads");
                Thread.sleep(nemesis.nextInt(1000));
                event("restart " + ProcessCluster.name(victim));
                cluster.restart(victim);
                event(ProcessCluster.name(victim) + " listens again");
                Thread.sleep(AFTER_FAULT_MILLIS);
            } catch (AssertionError e) {
                // The cluster did not recover as it should; the history up to here still says whether
                // the reads were right, and is checked first.
                nemesisFailed = e;
                StringBuilder health = new StringBuilder();
                for (int i = 0; i < cluster.size(); i++) {
                    health.append(' ').append(ProcessCluster.name(i)).append('=')
                            .append(paused[i] ? "paused" : cluster.isUp(i) ? cluster.health(i) : "down");
                }
                event("nemesis stopped: " + e.getMessage() + ";" + health);
            } finally {
                stop.set(true);
                for (int i = 0; i < paused.length; i++) {
                    if (paused[i]) {
                        cluster.resume(i);
                    }
                }
                for (Thread t : clients) {
                    t.join(REQUEST_TIMEOUT.toMillis() * 3);
                }
            }
            event("clients stopped");
            for (Thread t : clients) {
                assertTrue(!t.isAlive(), t.getName() + " did not stop; " + context);
            }
        }
        List<RegisterHistory.Op> ops = history.ops();
        long reads = ops.stream().filter(o -> o.kind() == RegisterHistory.Kind.READ).count();
        long acknowledged = ops.stream().filter(o -> o.kind() == RegisterHistory.Kind.WRITE && !o.unknown()).count();
        long unknown = ops.size() - reads - acknowledged;
        long started = System.nanoTime();
        LinearizabilityChecker.Verdict verdict = LinearizabilityChecker.check(ops, RegisterHistory.ABSENT);
        String summary = reads + " consistent reads (" + unansweredReads.get() + " more unanswered), " + acknowledged
                + " acknowledged writes, " + unknown + " writes of unknown outcome; checked in "
                + (System.nanoTime() - started) / 1_000_000 + " ms";
        System.out.println(summary + "\n" + String.join("\n", events) + "\n" + verdict.explanation());
        assertTrue(verdict.linearizable(), verdict.explanation() + "\n" + summary + "\nnemesis:\n  "
                + String.join("\n  ", events) + "\n" + context);
        assertEquals(List.of(), List.copyOf(surprises), "answers no server should give; " + context);
        if (nemesisFailed != null) {
            throw nemesisFailed;
        }
        assertTrue(reads >= 200 && acknowledged >= 50, "too little load to say anything: " + summary);
    }

    /**
     * SIGSTOPs the leader and keeps it stopped until another member leads, so it resumes believing it
     * still leads while the others have moved to a new term (and acknowledged writes it never saw).
     */
    private void pauseLeaderUntilReplaced(ProcessCluster cluster) throws Exception {
        int leader = leader(cluster, -1);
        event("pause " + ProcessCluster.name(leader));
        cluster.pause(leader);
        paused[leader] = true;
        int next = leader(cluster, leader);
        event(ProcessCluster.name(next) + " leads");
        // A few writes through the new leader before the old one wakes up. Slow: every client
        // spends its request timeout on each request it sends to the stopped node.
        int acknowledgedBefore = acknowledgedWrites.get();
        Await.until("writes through the new leader", Duration.ofSeconds(15),
                () -> acknowledgedWrites.get() >= acknowledgedBefore + 5);
        cluster.resume(leader);
        paused[leader] = false;
        event("resume " + ProcessCluster.name(leader));
    }

    /**
     * The leader as two running members agree on it, other than {@code not}; waits for one. One member
     * alone is not believed: a leader that was paused still names itself after it resumes.
     */
    private int leader(ProcessCluster cluster, int not) {
        int[] found = {-1};
        Await.until("a leader other than " + not, Duration.ofSeconds(30), () -> {
            int[] votes = new int[cluster.size()];
            for (int i = 0; i < cluster.size(); i++) {
                if (!cluster.isUp(i) || paused[i]) {
                    continue;
                }
                try {
                    String body = send(cluster.url(i), "GET", "/cluster", null).body();
                    String leader = ProcessCluster.json(body).path("leader").asText("");
                    for (int j = 0; j < cluster.size(); j++) {
                        if (j != not && ProcessCluster.name(j).equals(leader) && ++votes[j] == 2) {
                            found[0] = j;
                            return true;
                        }
                    }
                } catch (Exception e) {
                    // ask the next member
                }
            }
            return false;
        });
        return found[0];
    }

    /**
     * Mostly on the client's own member, as a client process of a real deployment talks to its
     * nearest node: the clients of a paused member stall with it and are the first to talk to it when
     * it resumes, while the others keep writing through the new leader. Every fourth operation, and
     * every one while the own member is down, goes to a random member.
     */
    private void runClient(ProcessCluster cluster, int home, Random choices, AtomicBoolean stop, AtomicInteger values) {
        for (int i = 0; i < MAX_OPS_PER_CLIENT && !stop.get(); i++) {
            int node = home;
            if (!cluster.isUp(home) || choices.nextInt(4) == 0) {
                node = choices.nextInt(cluster.size());
            }
            ServerProcess target = cluster.node(node);
            if (target == null) {
                continue;
            }
            String where = ProcessCluster.name(node);
            if (choices.nextBoolean()) {
                write(target.url(), values.incrementAndGet(), where);
            } else {
                read(target.url(), where);
            }
        }
    }

    private void write(String url, int value, String where) {
        long call = history.now();
        try {
            HttpResponse<String> reply = send(url, "PATCH", "/data/", "{\"reg\":" + value + "}");
            if (reply.statusCode() == 200) {
                history.acknowledgedWrite(call, value, where);
                acknowledgedWrites.incrementAndGet();
                return;
            }
            if (reply.statusCode() == 503 && reply.body().contains("\"not-applied\"")) {
                return; // refused before it reached the log: it never takes effect
            }
        } catch (Exception e) {
            // timed out, or the node died under it
        }
        history.unknownWrite(call, value, where);
    }

    private void read(String url, String where) {
        long call = history.now();
        try {
            HttpResponse<String> reply = send(url, "GET", "/data/reg?consistent=true", null);
            String body = reply.body().strip();
            if (reply.statusCode() == 200 && body.matches("-?[0-9]{1,18}")) {
                history.read(call, Long.parseLong(body), where);
                return;
            } else if (reply.statusCode() == 404) {
                history.read(call, RegisterHistory.ABSENT, where);
                return;
            } else if (reply.statusCode() != 503) {
                surprises.add("read on " + where + ": " + reply.statusCode() + " " + body);
            }
        } catch (Exception e) {
            // no answer: the read did not happen
        }
        unansweredReads.incrementAndGet(); // a 503 or no answer: it did not happen
    }

    private HttpResponse<String> send(String base, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", MERGE);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void event(String what) {
        String line = RegisterHistory.seconds(history.now()) + " " + what;
        synchronized (events) {
            events.add(line);
        }
    }
}
