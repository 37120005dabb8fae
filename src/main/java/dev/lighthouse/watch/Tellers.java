package dev.lighthouse.watch;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tells the waiters of one state. The events of open streams are shared, when they are many, with
 * a few helper threads: an event is a socket write of some 15 µs, so ten thousand of them on one
 * thread took 150 ms while the other cores idled. The answers that end a request (long polls,
 * joins waiting to hold) are all told on the notifier thread: told from two threads, ten thousand
 * long polls were slower and cost a third more CPU (p99 239 against 188 ms, CPU per commit 321
 * against 223 ms, interleaved on two cores; the same when only the writes were shared and the
 * exchanges ended on one thread). Returns only once every waiter has been told, so the next state
 * goes out after this one and each waiter hears of states in order, never of two at once.
 */
final class Tellers implements AutoCloseable {

    /** Below this many waiters, waking a helper costs more than it saves. */
    static final int PARALLEL_FROM = 128;
    /** Waiters a thread takes at a time: few enough to share the work out evenly, enough to keep the claiming cheap. */
    static final int CHUNK = 32;

    private final int helpers;
    private final ExecutorService pool;

    /** @param helpers threads besides the notifier's own; 0 tells everyone on the notifier thread */
    Tellers(String name, int helpers) {
        this.helpers = helpers;
        AtomicInteger numbers = new AtomicInteger();
        this.pool = helpers == 0 ? null : Executors.newFixedThreadPool(helpers, r -> {
            Thread t = new Thread(r, name + "-" + numbers.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** One helper per core beyond the first. */
    static int helpersForThisMachine() {
        return Math.min(3, Runtime.getRuntime().availableProcessors() - 1);
    }

    /**
     * Tells them all: the answers on the calling thread (the notifier's), then the events, with
     * the helpers' help when there are many. The helpers start on the events at once.
     */
    void tell(Tells tells) throws InterruptedException {
        Tells.Batch answers = tells.answers;
        Tells.Batch events = tells.events;
        if (events.size() < PARALLEL_FROM || pool == null) {
            AfterTelling.tellThenFinish(() -> {
                answers.tell(0, answers.size());
                events.tell(0, events.size());
            });
            return;
        }
        Round round = new Round(events);
        for (int i = 0; i < helpers; i++) {
            pool.execute(round::work);
        }
        AfterTelling.tellThenFinish(() -> {
            answers.tell(0, answers.size());
            round.tellChunks();
        });
        // A helper that starts late finds nothing left; only chunks being told are waited for.
        round.chunksLeft.await();
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
            try {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One state's stream events, claimed a chunk at a time by whichever thread is free. */
    private static final class Round {
        private final Tells.Batch tells;
        /**
         * Taken once: the notifier reuses {@code tells} for the next state as soon as this round is
         * done, and a helper that starts late must see this round's size (all of it claimed), not
         * the next state's, or it would tell the next state's waiters a second time.
         */
        private final int size;
        private final AtomicInteger next = new AtomicInteger();
        private final CountDownLatch chunksLeft;

        Round(Tells.Batch tells) {
            this.tells = tells;
            this.size = tells.size();
            this.chunksLeft = new CountDownLatch((size + CHUNK - 1) / CHUNK);
        }

        void work() {
            AfterTelling.tellThenFinish(this::tellChunks);
        }

        private void tellChunks() {
            int n = size;
            for (int from = next.getAndAdd(CHUNK); from < n; from = next.getAndAdd(CHUNK)) {
                try {
                    tells.tell(from, Math.min(n, from + CHUNK));
                } finally {
                    chunksLeft.countDown();
                }
            }
        }
    }
}
