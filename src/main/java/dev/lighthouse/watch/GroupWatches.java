package dev.lighthouse.watch;

import dev.lighthouse.apply.StateView;
import dev.lighthouse.coord.Coordination;
import dev.lighthouse.coord.Group;
import dev.lighthouse.error.TooManyWatchers;
import dev.lighthouse.tree.JsonPath;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Everyone waiting for a group to change: long polls and event streams on {@code /groups/{g}},
 * and joins waiting to hold. What {@link Watches} is for paths, for groups, on the same
 * {@link Notifier}: after each applied state whose sessions and groups changed, it asks the group
 * map which groups differ from the state matched before
 * ({@link dev.lighthouse.coord.PersistentMap#forEachChanged}, which skips everything the two
 * states share) and tells only the waiters of those groups, all with the same
 * {@link GroupState}, so a change costs its own groups, never a scan of every group or every
 * waiter.
 */
public final class GroupWatches implements AutoCloseable {

    /**
     * A group as one applied state has it.
     *
     * @param counter that state's cluster-wide coordination counter: it only grows from state to
     *                state, so it orders what a waiter is told even where the group's own
     *                {@code rev} does not (a group nobody is in any more has rev 0)
     */
    public record GroupState(Group group, long counter) {
    }

    /**
     * Whoever waits for a group; called for one state at a time, in order, on the notifier thread
     * or one of its helpers, and must not block.
     */
    public interface Listener {
        void changed(GroupState state);
    }

    private final WaiterCounts counts;
    /** The waiters of each group that has any; guarded by the notifier's lock. */
    private final Map<JsonPath, Set<Subscription>> byGroup = new HashMap<>();
    private final Notifier<Coordination> notifier;

    /**
     * @param bound the path watchers' registry, whose per-address bound and count cover group
     *              waiters too (one {@code limits.maxWatchersPerAddress} for both kinds)
     */
    public GroupWatches(StateView view, Watches bound) {
        this.counts = bound.counts();
        this.notifier = new Notifier<>("lighthouse-group-watch", view.state().coordination(),
                new Notifier.Matching<>() {
                    @Override
                    public boolean anyoneWaits() {
                        return !byGroup.isEmpty();
                    }

                    @Override
                    public void match(Coordination previous, Coordination next, Tells tells) {
                        GroupWatches.this.match(previous, next, tells);
                    }
                });
        view.addListener((before, after) -> {
            if (after.coordination() != before.coordination()) {
                notifier.publish(after.coordination());
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
            counts.hold(address);
        }
        Subscription subscription = new Subscription(group, sinceRev == null ? -1 : sinceRev, once, address, listener);
        boolean answeredAtOnce;
        synchronized (notifier.lock) {
            Coordination matched = notifier.matched();
            Group current = matched.group(group);
            if (sinceRev == null || (matched.counter() >= sinceRev && current.rev() != sinceRev)) {
                subscription.first = new GroupState(current, matched.counter());
            }
            answeredAtOnce = once && subscription.first != null;
            if (answeredAtOnce) {
                subscription.answeredAtOnce();
            } else {
                byGroup.computeIfAbsent(group, g -> new LinkedHashSet<>()).add(subscription);
            }
        }
        if (answeredAtOnce) {
            subscription.letGo();
        }
        return subscription;
    }

    /** Under the notifier's lock: every waiter of a group that changed, with one state per group. */
    private void match(Coordination previous, Coordination next, Tells tells) {
        next.groups().forEachChanged(previous.groups(), name -> {
            Set<Subscription> waiting = byGroup.get(name);
            Group group = next.group(name);
            // The same rev is the same group, rebuilt (a state installed from a snapshot): no change.
            if (waiting == null || group.rev() == previous.group(name).rev()) {
                return;
            }
            GroupState state = new GroupState(group, next.counter());
            // One pass: streams and joins stay, long polls leave with their answer.
            waiting.removeIf(s -> {
                // A state up to the one that gave the group the rev the waiter saw is no news to it;
                // a long poll that lost its claim is being cancelled, and unindexes itself.
                if (next.counter() <= s.since || !s.claim()) {
                    return false;
                }
                tells.add(s, state);
                return s.once();
            });
            if (waiting.isEmpty()) {
                byGroup.remove(name);
            }
        });
    }

    @Override
    public void close() {
        notifier.close();
    }

    /** One waiter's hold on a group. */
    public final class Subscription extends Waiter<GroupState> {
        private final JsonPath group;
        private final long since;
        private final Listener listener;
        private GroupState first;

        private Subscription(JsonPath group, long since, boolean once, String address, Listener listener) {
            super(once, address, counts);
            this.group = group;
            this.since = since;
            this.listener = listener;
        }

        /** The answer due at once (the group as matched, when its rev differs from the one seen), or null. */
        public GroupState first() {
            return first;
        }

        @Override
        void deliver(GroupState state) {
            listener.changed(state);
        }

        /** Guarded by the notifier's lock. */
        @Override
        void unindex() {
            Set<Subscription> waiting = byGroup.get(group);
            if (waiting != null && waiting.remove(this) && waiting.isEmpty()) {
                byGroup.remove(group);
            }
        }

        @Override
        Object lock() {
            return notifier.lock;
        }

        @Override
        String describe(GroupState state) {
            return "a waiter on group " + group + " told of rev " + state.group().rev();
        }
    }
}
