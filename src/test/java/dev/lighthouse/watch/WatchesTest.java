package dev.lighthouse.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.apply.Applier;
import dev.lighthouse.apply.Command;
import dev.lighthouse.apply.Edit;
import dev.lighthouse.apply.StateView;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.StandaloneApplier;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.NumberNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Watches} fed by a real applier: who is told, and how watchers are counted. */
class WatchesTest {

    private static final long RACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int MAX_COMMITS = 5_000;
    private static final int MAX_POLLS_PER_THREAD = 20_000;

    @TempDir
    Path dataDir;

    /**
     * Long polls registered while commits answer them, as fast as both can go. A poll answered
     * between registering and returning from subscribe once was counted out twice, and with the
     * count at zero the next commit skipped matching: a waiting poll then saw nothing until its
     * timeout. After the race exactly the watchers still open must be counted.
     */
    @Test
    void longPollsRacingCommitsAreCountedOutExactlyOnce() throws Exception {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        try (StandaloneApplier opened = StandaloneApplier.seeded(dataDir, now)) {
            StateView view = opened.view();
            Applier applier = opened.applier();
            try (Watches watches = new Watches(view, Integer.MAX_VALUE)) {
                ConcurrentLinkedQueue<Watches.Subscription> polls = new ConcurrentLinkedQueue<>();
                long deadline = System.nanoTime() + RACE_NANOS;
                List<Thread> pollers = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    String address = "10.0.0." + t;
                    Thread poller = new Thread(() -> {
                        for (int i = 0; i < MAX_POLLS_PER_THREAD && System.nanoTime() < deadline; i++) {
                            polls.add(watches.subscribe(JsonPath.of("n"), view.state().current().seq(), true, address,
                                    change -> { }));
                        }
                    });
                    poller.start();
                    pollers.add(poller);
                }
                long index = 2;
                for (int i = 0; i < MAX_COMMITS && System.nanoTime() < deadline; i++) {
                    applier.apply(put("n", i, now), index++);
                }
                for (Thread poller : pollers) {
                    poller.join(TimeUnit.SECONDS.toMillis(30));
                    assertFalse(poller.isAlive(), "poller finished");
                }
                polls.forEach(Watches.Subscription::cancel);

                // The notifier works in commit order: once a stream has seen the next commit,
                // every answer to the racing polls has been given and counted out.
                CountDownLatch seen = new CountDownLatch(1);
                Watches.Subscription stream = watches.subscribe(JsonPath.of("sentinel"),
                        view.state().current().seq(), false, "10.0.0.9", change -> seen.countDown());
                applier.apply(put("sentinel", 1, now), index);
                assertTrue(seen.await(10, TimeUnit.SECONDS), "the stream saw the sentinel commit");
                assertEquals(1, watches.count(), "only the stream is open after " + polls.size() + " polls");
                stream.cancel();
                assertEquals(0, watches.count());
            }
        }
    }

    /**
     * A fan-out large enough to be told by the notifier and its helpers together: every stream
     * still hears of every commit once, in seq order, and every long poll of the first commit
     * after its seq gets that commit, the same change for all of them.
     */
    @Test
    void aLargeFanOutTellsEveryWaiterEachCommitOnceAndInOrder() throws Exception {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        int streams = 3 * Tellers.PARALLEL_FROM;
        int polls = 2 * Tellers.PARALLEL_FROM;
        int commits = 20;
        try (StandaloneApplier opened = StandaloneApplier.seeded(dataDir, now)) {
            StateView view = opened.view();
            Applier applier = opened.applier();
            try (Watches watches = new Watches(view, Integer.MAX_VALUE)) {
                long start = view.state().current().seq();
                List<List<Long>> heard = new ArrayList<>();
                for (int i = 0; i < streams; i++) {
                    List<Long> seqs = Collections.synchronizedList(new ArrayList<>());
                    heard.add(seqs);
                    watches.subscribe(JsonPath.of("n"), start, false, "10.0.0.1", change -> seqs.add(change.version().seq()));
                }
                ConcurrentLinkedQueue<Change> answers = new ConcurrentLinkedQueue<>();
                for (int i = 0; i < polls; i++) {
                    watches.subscribe(JsonPath.of("n"), start, true, "10.0.0.2", answers::add);
                }
                for (int i = 0; i < commits; i++) {
                    applier.apply(put("n", i, now), 2 + i);
                }
                long last = view.state().current().seq();
                Await.until("every stream heard the last commit", Duration.ofSeconds(30),
                        () -> heard.stream().allMatch(seqs -> !seqs.isEmpty() && seqs.get(seqs.size() - 1) == last));
                List<Long> expected = LongStream.rangeClosed(start + 1, last).boxed().toList();
                for (List<Long> seqs : heard) {
                    assertEquals(expected, seqs);
                }
                assertEquals(polls, answers.size());
                Change first = answers.peek();
                assertEquals(start + 1, first.version().seq(), "the first commit after the seq the polls waited on");
                assertTrue(answers.stream().allMatch(change -> change == first), "one change for every poll of the path");
                assertEquals(streams, watches.count(), "the polls are counted out, the streams stay");
            }
        }
    }

    private static Command put(String key, long value, Instant now) {
        return new Command.PatchDocument(new Edit.Put(JsonPath.of(key), NumberNode.of(value)), null, null, now);
    }
}
