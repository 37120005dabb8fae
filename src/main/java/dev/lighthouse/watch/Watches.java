package dev.lighthouse.watch;

import dev.lighthouse.apply.StateView;
import dev.lighthouse.error.TooManyWatchers;
import dev.lighthouse.store.Version;
import dev.lighthouse.store.VersionHistory;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.Node;
import dev.lighthouse.tree.Tree;
import java.util.List;

/**
 * Everyone waiting for a value to change. Each published version is matched against the
 * {@link WatchIndex} by a {@link Notifier}, in seq order, after the applier has published it;
 * subscribing and matching share one lock, so a watcher either sees a version in its first answer
 * or is notified of it, never neither. Every watcher of a path that changed is told with the same
 * {@link Change}, so whatever they derive from it (a long poll's reply) is made once.
 */
public final class Watches implements AutoCloseable {

    private final StateView view;
    private final WaiterCounts counts;
    private final WatchIndex index = new WatchIndex();
    private final Notifier<Version> notifier;

    public Watches(StateView view, int maxPerAddress) {
        this.view = view;
        this.counts = new WaiterCounts(maxPerAddress);
        this.notifier = new Notifier<>("lighthouse-watch", view.state().current(), new Notifier.Matching<>() {
            @Override
            public boolean anyoneWaits() {
                return !index.isEmpty();
            }

            @Override
            public void match(Version previous, Version next, Tells tells) {
                Watches.this.match(previous, next, tells);
            }
        });
        view.addListener((before, after) -> {
            if (after.current() != before.current()) {
                notifier.publish(after.current());
            }
        });
    }

    /**
     * Starts following a path.
     *
     * @param since   the version the watcher has seen, or null for none (the first answer is then
     *                the current value)
     * @param once    for a long poll: stop after the first answer
     * @param address the client's address, counted against the per-address bound
     * @throws TooManyWatchers when the address already holds as many as it may
     */
    public Subscription subscribe(JsonPath path, Long since, boolean once, String address, Subscriber subscriber) {
        counts.hold(address);
        Subscription subscription = new Subscription(path, since == null ? -1 : since, once, address, subscriber);
        boolean answeredAtOnce;
        synchronized (notifier.lock) {
            subscription.first = firstAnswer(path, since, notifier.matched(), view.state().history());
            answeredAtOnce = once && subscription.first != null;
            if (answeredAtOnce) {
                subscription.answeredAtOnce();
            } else {
                subscription.entry = index.add(path, subscription);
            }
        }
        // Not released: once indexed, a long poll may be answered and released by a commit
        // before this line, and counting it out twice would let the next one wait unnoticed.
        if (answeredAtOnce) {
            subscription.letGo();
        }
        return subscription;
    }

    /** Watches and long polls open now, those on groups included. */
    public int count() {
        return counts.total();
    }

    /**
     * Counts one more waiter from {@code address}: the per-address bound and the count cover
     * every kind of watcher, those on groups ({@link GroupWatches}) as well as those on paths.
     * Each hold is given back exactly once with {@link #letGo}.
     *
     * @throws TooManyWatchers when the address already holds as many as it may
     */
    public void hold(String address) {
        counts.hold(address);
    }

    /** Gives back one {@link #hold}. */
    public void letGo(String address) {
        counts.letGo(address);
    }

    /** The counts both kinds of waiters are held against. */
    WaiterCounts counts() {
        return counts;
    }

    private static Change firstAnswer(JsonPath path, Long since, Version current, VersionHistory history) {
        if (since == null) {
            return new Change(current, Tree.findOrNull(current.root(), path), false);
        }
        if (since >= current.seq()) {
            return null;
        }
        Version seen = history.get(since);
        if (seen == null) {
            return new Change(current, Tree.findOrNull(current.root(), path), true);
        }
        Node now = Tree.findOrNull(current.root(), path);
        return Tree.changed(Tree.findOrNull(seen.root(), path), now) ? new Change(current, now, false) : null;
    }

    /** Under the notifier's lock: every watcher of a path whose value differs, with one change per path. */
    private void match(Version previous, Version next, Tells tells) {
        List<String> changed = next.seq() == previous.seq() + 1 ? next.changed() : null;
        for (WatchIndex.Entry entry : index.differing(previous.root(), next.root(), changed)) {
            Change change = new Change(next, Tree.findOrNull(next.root(), entry.path), false);
            // One pass: streams stay, long polls leave with their answer (or were cancelled meanwhile).
            entry.subscriptions.removeIf(s -> {
                if (next.seq() <= s.since || !s.claim()) {
                    return false; // no news to it; or a long poll being cancelled, which unindexes itself
                }
                tells.add(s, change);
                return s.once();
            });
            index.prune(entry);
        }
    }

    @Override
    public void close() {
        notifier.close();
    }

    /** One watcher's hold on a path. */
    public final class Subscription extends Waiter<Change> {
        private final JsonPath path;
        private final long since;
        private final Subscriber subscriber;
        /** Where it is indexed; set under the lock, null when answered at once. */
        private WatchIndex.Entry entry;
        private Change first;

        private Subscription(JsonPath path, long since, boolean once, String address, Subscriber subscriber) {
            super(once, address, counts);
            this.path = path;
            this.since = since;
            this.subscriber = subscriber;
        }

        /** The answer due at once (current value, or the change since the version given), or null. */
        public Change first() {
            return first;
        }

        @Override
        void deliver(Change change) {
            subscriber.changed(change);
        }

        @Override
        void unindex() {
            if (entry != null) {
                index.remove(entry, this);
            }
        }

        @Override
        Object lock() {
            return notifier.lock;
        }

        @Override
        String describe(Change change) {
            return "a watcher of " + path.pointer() + " told of version " + change.version().seq();
        }
    }
}
