package dev.lighthouse.watch;

import dev.lighthouse.apply.StateView;
import dev.lighthouse.coord.Coordination;
import dev.lighthouse.coord.Group;
import dev.lighthouse.error.TooManyWatchers;
import dev.lighthouse.tree.JsonPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everyone waiting for a group to change: long polls and event streams on {@code /groups/{g}},
 * and joins waiting to hold. What {@link Watches} is for paths, for groups: after each applied
 * state whose sessions and groups changed, its own notifier thread asks the group map which
 * groups differ from the state matched before ({@link dev.lighthouse.coord.PersistentMap#forEachChanged},
 * which skips everything the two states share) and tells only the waiters of those groups, so a
 * change costs its own groups, never a scan of every group or every waiter. Subscribing and
 * matching share one lock, so a waiter either sees a state in its first answer or is told of
 * it, never neither. No thread is held per waiter.
 */
public final class GroupWatches implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupWatches.class);

    /**
     * A group as one applied state has it.
     *
     * @param counter that state's cluster-wide coordination counter: it only grows from state to
     *                state, so it orders what a waiter is told even where the group's own
     *                {@code rev} does not (a group nobody is in any more has rev 0)
     */
    public record GroupState(Group group, long counter) {
    }

    /** Whoever waits for a group; called on the notifier thread, in order, and must not block. */
    public interface Listener {
        void changed(GroupState state);
    }

    private final Watches bound;
    private final Object lock = new Object();
    /** The waiters of each group that has any; guarded by {@link #lock}. */
    private final Map<JsonPath, Set<Subscription>> byGroup = new HashMap<>();
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lighthouse-group-watch");
        t.setDaemon(true);
        return t;
    });
    /** The newest state matched against the waiters; guarded by {@link #lock}. */
    private Coordination matched;
    /** States handed to the notifier and not matched yet; guarded by {@link #lock}. */
    private int queued;

    /**
     * @param bound the path watchers' registry, whose per-address bound and count cover group
     *              waiters too (one {@code limits.maxWatchersPerAddress} for both kinds)
     */
    public GroupWatches(StateView view, Watches bound) {
        this.bound = bound;
        this.matched = view.state().coordination();
        view.addListener((before, after) -> {
            if (after.coordination() != before.coordination()) {
                publish(after.coordination());
            }
        });
    }

    /**
     * Starts following a group.
     *
     * @param sinceRev the group's rev the waiter has seen, or null for none: the first answer is
     *                 then the group as it is, otherwise a group whose rev differs, from a state at
     *                 least that new. Revs come from the counter every group change takes, so a
     *                 node whose counter is still below {@code sinceRev} (a replica a little
     *                 behind the one the client read from) waits until it passes it rather than
     *                 answer with a group older than the one the client has seen.
     * @param once     stop after the first answer (a long poll)
     * @param address  the client's address, counted against the per-address bound; null for a
     *                 waiter that is not a watcher of its own (a join waiting to hold, bounded by
     *                 {@code limits.maxWait} like a lock waiter)
     * @throws TooManyWatchers when the address already holds as many as it may
     */
    public Subscription subscribe(JsonPath group, Long sinceRev, boolean once, String address, Listener listener) {
        if (address != null) {
            bound.hold(address);
        }
        Subscription subscription = new Subscription(group, sinceRev == null ? -1 : sinceRev, once, address, listener);
        boolean answeredAtOnce;
        synchronized (lock) {
            Group current = matched.group(group);
            if (sinceRev == null || (matched.counter() >= sinceRev && current.rev() != sinceRev)) {
                subscription.first = new GroupState(current, matched.counter());
            }
            answeredAtOnce = once && subscription.first != null;
            if (answeredAtOnce) {
                subscription.released.set(true);
            } else {
                byGroup.computeIfAbsent(group, g -> new LinkedHashSet<>()).add(subscription);
            }
        }
        if (answeredAtOnce) {
            letGo(subscription);
        }
        return subscription;
    }

    /** On the applier thread: with nobody waiting and nothing queued, taken as matched at once. */
    private void publish(Coordination next) {
        synchronized (lock) {
            if (queued == 0 && byGroup.isEmpty()) {
                matched = next;
                return;
            }
            queued++;
        }
        notifier.execute(() -> match(next));
    }

    private void match(Coordination next) {
        List<Subscription> toTell = new ArrayList<>();
        List<GroupState> states = new ArrayList<>();
        synchronized (lock) {
            queued--;
            Coordination previous = matched;
            matched = next;
            if (byGroup.isEmpty()) {
                return;
            }
            next.groups().forEachChanged(previous.groups(), name -> {
                Set<Subscription> waiting = byGroup.get(name);
                Group group = next.group(name);
                // The same rev is the same group, rebuilt (a state installed from a snapshot): no change.
                if (waiting == null || group.rev() == previous.group(name).rev()) {
                    return;
                }
                GroupState state = new GroupState(group, next.counter());
                for (Subscription s : List.copyOf(waiting)) {
                    // A state up to the one that gave the group the rev the waiter saw is no news to it.
                    if (next.counter() <= s.since) {
                        continue;
                    }
                    if (s.once) {
                        if (!s.released.compareAndSet(false, true)) {
                            continue;
                        }
                        unindex(s);
                    }
                    toTell.add(s);
                    states.add(state);
                }
            });
        }
        for (int i = 0; i < toTell.size(); i++) {
            Subscription s = toTell.get(i);
            try {
                s.listener.changed(states.get(i));
            } catch (RuntimeException e) {
                LOG.warn("a waiter on group {} failed at rev {}; dropping it", s.group, states.get(i).group().rev(), e);
                s.cancel();
            }
            if (s.once) {
                letGo(s);
            }
        }
    }

    /** Guarded by {@link #lock}. */
    private void unindex(Subscription s) {
        Set<Subscription> waiting = byGroup.get(s.group);
        if (waiting != null && waiting.remove(s) && waiting.isEmpty()) {
            byGroup.remove(s.group);
        }
    }

    private void letGo(Subscription s) {
        if (s.address != null) {
            bound.letGo(s.address);
        }
    }

    @Override
    public void close() {
        notifier.shutdownNow();
        try {
            notifier.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One waiter's hold on a group. */
    public final class Subscription {
        private final JsonPath group;
        private final long since;
        private final boolean once;
        private final String address;
        private final Listener listener;
        private final AtomicBoolean released = new AtomicBoolean();
        private GroupState first;

        private Subscription(JsonPath group, long since, boolean once, String address, Listener listener) {
            this.group = group;
            this.since = since;
            this.once = once;
            this.address = address;
            this.listener = listener;
        }

        /** The answer due at once (the group as matched, when its rev differs from the one seen), or null. */
        public GroupState first() {
            return first;
        }

        /**
         * Stops following; idempotent.
         *
         * @return false when already stopped, or when a long poll's answer is already on its way
         */
        public boolean cancel() {
            if (!released.compareAndSet(false, true)) {
                return false;
            }
            synchronized (lock) {
                unindex(this);
            }
            letGo(this);
            return true;
        }
    }
}
