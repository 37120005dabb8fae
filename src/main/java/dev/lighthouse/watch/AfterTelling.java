package dev.lighthouse.watch;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work an answer leaves for after the fan-out it is part of: ending a long poll's HTTP exchange
 * lets its client's next request in, and handling those requests while thousands of answers are
 * still going out made every client wait for the others' next requests too. So a thread telling
 * waiters ({@link Tellers}) runs such work once it has told its share of them; anywhere else it
 * runs at once.
 */
public final class AfterTelling {

    private static final Logger LOG = LoggerFactory.getLogger(AfterTelling.class);

    /** Per telling thread, reused from state to state; null on every other thread. */
    private static final ThreadLocal<List<Runnable>> PENDING = new ThreadLocal<>();

    private AfterTelling() {
    }

    /** Runs {@code work} now, or, on a thread telling waiters, once it has told them. */
    public static void run(Runnable work) {
        List<Runnable> pending = PENDING.get();
        if (pending == null) {
            work.run();
        } else {
            pending.add(work);
        }
    }

    /** Tells with {@code telling}, then runs what the answers left for after it. */
    static void tellThenFinish(Runnable telling) {
        List<Runnable> pending = PENDING.get();
        boolean outermost = pending == null;
        if (outermost) {
            pending = new ArrayList<>();
            PENDING.set(pending);
        }
        try {
            telling.run();
        } finally {
            if (outermost) {
                PENDING.remove();
                finish(pending);
            }
        }
    }

    private static void finish(List<Runnable> pending) {
        for (Runnable work : pending) {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.warn("finishing an answer failed", e);
            }
        }
    }
}
