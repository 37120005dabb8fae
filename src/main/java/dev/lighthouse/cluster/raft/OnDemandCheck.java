package dev.lighthouse.cluster.raft;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A periodic check that is scheduled only while there is something to check, so an idle node's
 * timer does not wake for nothing: whoever creates work calls {@link #soon}, and the check calls
 * {@link #begin} first and {@link #soon} again at its end while work is left.
 */
public final class OnDemandCheck {

    private final ScheduledExecutorService timer;
    private final Runnable check;
    private final long delayMillis;
    private final AtomicBoolean scheduled = new AtomicBoolean();

    public OnDemandCheck(ScheduledExecutorService timer, Runnable check, long delayMillis) {
        this.timer = timer;
        this.check = check;
        this.delayMillis = delayMillis;
    }

    /** Makes sure the check runs within the delay; a no-op once the timer is shut down. */
    public void soon() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                timer.schedule(check, delayMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                scheduled.set(false);
            }
        }
    }

    /**
     * Called by the check before it looks at anything: work that comes meanwhile either is seen by
     * this run or schedules the next one.
     */
    public void begin() {
        scheduled.set(false);
    }
}
