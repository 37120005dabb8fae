package dev.lighthouse.watch;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fan-out engine both kinds of waiters share ({@link Watches} for paths, {@link GroupWatches}
 * for groups): each state the applier publishes is matched against the waiters on one notifier
 * thread, in publication order, and the waiters it concerns are then told through {@link Tellers}.
 * Subscribing and matching share {@link #lock}, so a waiter either sees a state in its first
 * answer or is told of it, never neither; telling happens after the lock is released, so
 * subscribers never wait for a fan-out. No thread is held per waiter.
 *
 * @param <S> the state matched: a document {@code Version}, a {@code Coordination}
 */
final class Notifier<S> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    /** What one kind of waiter knows: who a new state concerns. Called holding the lock. */
    interface Matching<S> {
        /** Whether anyone waits at all; with nobody, a state is taken as matched on the spot. */
        boolean anyoneWaits();

        /** Adds to {@code tells} every waiter that {@code next} concerns, seen from {@code previous}. */
        void match(S previous, S next, Tells tells);
    }

    /** Guards the matched state and the kind's index of waiters. */
    final Object lock = new Object();
    private final Matching<S> matching;
    private final ExecutorService thread;
    private final Tellers tellers;
    /** Reused from state to state; touched by the notifier thread only (its helpers while it waits). */
    private final Tells tells = new Tells();
    /** The newest state matched; guarded by {@link #lock}. */
    private S matched;
    /** States handed to the notifier thread and not matched yet; guarded by {@link #lock}. */
    private int queued;

    Notifier(String name, S initial, Matching<S> matching) {
        this.matching = matching;
        this.matched = initial;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        this.tellers = new Tellers(name, Tellers.helpersForThisMachine());
    }

    /** The newest state matched; call holding {@link #lock}. */
    S matched() {
        return matched;
    }

    /**
     * On the applier thread. With nobody waiting and nothing queued, the state is taken as
     * matched right here: waking the notifier thread for every commit costs a context switch per
     * commit on a busy two-core machine, for nothing.
     */
    void publish(S next) {
        synchronized (lock) {
            if (queued == 0 && !matching.anyoneWaits()) {
                matched = next;
                return;
            }
            queued++;
        }
        thread.execute(() -> match(next));
    }

    private void match(S next) {
        synchronized (lock) {
            queued--;
            S previous = matched;
            matched = next;
            if (next != previous && matching.anyoneWaits()) {
                matching.match(previous, next, tells);
            }
        }
        try {
            tellers.tell(tells);
        } catch (InterruptedException e) {
            LOG.debug("closed while telling waiters");
            Thread.currentThread().interrupt();
        } finally {
            tells.clear();
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tellers.close();
    }
}
