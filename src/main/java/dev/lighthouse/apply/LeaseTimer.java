package dev.lighthouse.apply;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees the lock when its lease lapses even if nobody asks: after each
 * change it schedules one check at the current lease's expiry. The decision
 * itself is an {@link Command.Expire} through the log, so it is ordered with
 * every other command and replays identically. Only the leader decides; the
 * others keep checking, so whoever leads next frees a lapsed lock.
 */
public final class LeaseTimer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseTimer.class);
    private static final long SLACK_MILLIS = 5;

    private static final Duration FOLLOWER_RECHECK = Duration.ofSeconds(1);

    private final StateView view;
    private final Updates updates;
    private final Clock clock;
    private final java.util.function.BooleanSupplier decides;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "lighthouse-lease-timer");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> next;

    /** @param decides whether this node may expire leases now (it leads the cluster) */
    public LeaseTimer(StateView view, Updates updates, Clock clock, java.util.function.BooleanSupplier decides) {
        this.view = view;
        this.updates = updates;
        this.clock = clock;
        this.decides = decides;
        view.addListener((before, after) -> {
            if (after.lock() != null && (before.lock() == null || !before.lock().expires().equals(after.lock().expires()))) {
                schedule(Duration.between(clock.instant(), after.lock().expires()));
            }
        });
    }

    private synchronized void schedule(Duration delay) {
        if (next != null) {
            next.cancel(false);
        }
        next = timer.schedule(this::check, Math.max(0, delay.toMillis()) + SLACK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            if (!decides.getAsBoolean()) {
                schedule(FOLLOWER_RECHECK);
                return;
            }
            StoreState state = updates.expireLapsed();
            if (state.lock() != null) {
                schedule(Duration.between(clock.instant(), state.lock().expires()));
            } else if (view.state().lock() != null) {
                schedule(Duration.ofSeconds(1)); // lapsed, but the disk took no record of it yet
            }
        } catch (RuntimeException e) {
            LOG.warn("lease check failed, retrying in 1s: {}", e.getMessage());
            schedule(Duration.ofSeconds(1));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
