package dev.lighthouse.watch;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One waiter as the {@link Notifier} sees it, of either kind (a path's, a group's): told of each
 * change until cancelled, or, for a long poll, of the first one only.
 *
 * @param <C> what it is told: a {@link Change}, a {@link GroupWatches.GroupState}
 */
abstract class Waiter<C> {

    private static final Logger LOG = LoggerFactory.getLogger(Waiter.class);

    /** Set once: by the one answer of a long poll, or by cancelling. */
    private final AtomicBoolean released = new AtomicBoolean();
    private final boolean once;
    /** Counted against its client's bound; null for a waiter that is not a watcher of its own. */
    private final String address;
    private final WaiterCounts counts;

    Waiter(boolean once, String address, WaiterCounts counts) {
        this.once = once;
        this.address = address;
        this.counts = counts;
    }

    /** Hands the change to whoever waits; must not block. */
    abstract void deliver(C change);

    /** Takes it out of the index it waits in; called holding the notifier's lock. */
    abstract void unindex();

    /** Its notifier's lock, which guards the index. */
    abstract Object lock();

    /** What it says about itself when its delivery fails. */
    abstract String describe(C change);

    final boolean once() {
        return once;
    }

    /**
     * While matching, under the lock: whether this waiter is to be told. A long poll is told once:
     * this claims its answer, and the caller takes it out of the index; false when it was answered
     * or cancelled already.
     */
    final boolean claim() {
        return !once || released.compareAndSet(false, true);
    }

    /** Marks a long poll answered at subscription, so it is never indexed or told. */
    final void answeredAtOnce() {
        released.set(true);
    }

    /** Outside the lock: tells it, and gives back a long poll's hold once it is answered. */
    final void tell(C change) {
        try {
            deliver(change);
        } catch (RuntimeException e) {
            LOG.warn("a waiter ({}) failed; dropping it", describe(change), e);
            cancel();
        }
        if (once) {
            letGo();
        }
    }

    /** Gives back its hold on its address's count, if it has one. */
    final void letGo() {
        if (address != null) {
            counts.letGo(address);
        }
    }

    /**
     * Stops waiting; idempotent.
     *
     * @return false when already stopped, or when a long poll's answer is already on its way
     */
    public final boolean cancel() {
        if (!released.compareAndSet(false, true)) {
            return false;
        }
        synchronized (lock()) {
            unindex();
        }
        letGo();
        return true;
    }
}
