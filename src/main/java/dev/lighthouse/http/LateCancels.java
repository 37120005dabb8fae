package dev.lighthouse.http;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Cancels the timeouts of answered waits shortly after, in batches, on the scheduler's own
 * thread. Cancelling takes the task out of the scheduler's queue (a heap of every pending
 * timeout, behind one lock): done by the threads that answer ten thousand long polls of one
 * commit, it was a tenth of their work and contended with the scheduler; here it costs them a
 * queue append. A timeout that fires before its cancellation finds its wait answered and does
 * nothing.
 */
final class LateCancels {

    /** Long enough for one commit's fan-out to be over, short enough that little piles up. */
    private static final long DELAY_MS = 50;

    private final ConcurrentLinkedQueue<Scheduler.Task> due = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    void cancel(Scheduler scheduler, Scheduler.Task timeout) {
        due.add(timeout);
        if (draining.compareAndSet(false, true)) {
            scheduler.schedule(this::drain, DELAY_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void drain() {
        draining.set(false);
        for (Scheduler.Task timeout = due.poll(); timeout != null; timeout = due.poll()) {
            timeout.cancel();
        }
    }
}
