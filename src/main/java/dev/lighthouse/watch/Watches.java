package dev.lighthouse.watch;

import dev.lighthouse.apply.StateView;
import dev.lighthouse.error.TooManyWatchers;
import dev.lighthouse.store.Version;
import dev.lighthouse.store.VersionHistory;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.Node;
import dev.lighthouse.tree.Tree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everyone waiting for a value to change. Versions are matched against the
 * {@link WatchIndex} on one notifier thread, in seq order, after the applier
 * has published them; subscribing and matching share one lock, so a watcher
 * either sees a version in its first answer or is notified of it, never
 * neither.
 */
public final class Watches implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Watches.class);

    private final StateView view;
    private final int maxPerAddress;
    private final Object lock = new Object();
    private final WatchIndex index = new WatchIndex();
    private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lighthouse-watch");
        t.setDaemon(true);
        return t;
    });
    /** The newest version matched against the index; guarded by {@link #lock}. */
    private Version matched;
    /** Versions handed to the notifier and not matched yet; guarded by {@link #lock}. */
    private int queued;

    public Watches(StateView view, int maxPerAddress) {
        this.view = view;
        this.maxPerAddress = maxPerAddress;
        this.matched = view.state().current();
        view.addListener((before, after) -> {
            if (after.current() != before.current()) {
                publish(after.current());
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
        hold(address);
        Subscription subscription = new Subscription(path, since == null ? -1 : since, address, subscriber);
        boolean answeredAtOnce;
        synchronized (lock) {
            subscription.first = firstAnswer(path, since, matched, view.state().history());
            answeredAtOnce = once && subscription.first != null;
            if (answeredAtOnce) {
                subscription.released.set(true);
            } else {
                subscription.entry = index.add(path, subscription);
                subscription.once = once;
            }
        }
        // Not released.get(): once indexed, a long poll may be answered and released by a commit
        // before this line, and counting it out twice would let the next one wait unnoticed.
        if (answeredAtOnce) {
            release(address);
        }
        return subscription;
    }

    /** Watches and long polls open now, those on groups included. */
    public int count() {
        return total.get();
    }

    /**
     * Counts one more waiter from {@code address}: the per-address bound and the count cover
     * every kind of watcher, those on groups ({@link GroupWatches}) as well as those on paths.
     * Each hold is given back exactly once with {@link #letGo}.
     *
     * @throws TooManyWatchers when the address already holds as many as it may
     */
    public void hold(String address) {
        AtomicInteger count = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
        if (count.incrementAndGet() > maxPerAddress) {
            count.decrementAndGet();
            throw new TooManyWatchers(address, maxPerAddress);
        }
        total.incrementAndGet();
    }

    /** Gives back one {@link #hold}. */
    public void letGo(String address) {
        release(address);
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

    /**
     * On the applier thread. With nobody watching and nothing queued, the version is taken as
     * matched right here: waking the notifier thread for every commit costs a context switch per
     * commit on a busy two-core machine, for nothing.
     */
    private void publish(Version next) {
        synchronized (lock) {
            if (queued == 0 && total.get() == 0) {
                matched = next;
                return;
            }
            queued++;
        }
        notifier.execute(() -> match(next));
    }

    private void match(Version next) {
        List<Subscription> toTell = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        synchronized (lock) {
            queued--;
            Version previous = matched;
            if (next == previous) {
                return;
            }
            List<String> changed = next.seq() == previous.seq() + 1 ? next.changed() : null;
            for (WatchIndex.Entry entry : index.differing(previous.root(), next.root(), changed)) {
                Change change = new Change(next, Tree.findOrNull(next.root(), entry.path), false);
                for (Subscription s : List.copyOf(entry.subscriptions)) {
                    if (next.seq() <= s.since) {
                        continue;
                    }
                    if (s.once) {
                        if (!s.released.compareAndSet(false, true)) {
                            continue;
                        }
                        index.remove(entry, s);
                    }
                    toTell.add(s);
                    changes.add(change);
                }
            }
            matched = next;
        }
        for (int i = 0; i < toTell.size(); i++) {
            Subscription s = toTell.get(i);
            try {
                s.subscriber.changed(changes.get(i));
            } catch (RuntimeException e) {
                LOG.warn("a watcher of {} failed on version {}; dropping it", s.path.pointer(), changes.get(i).version().seq(), e);
                s.cancel();
            }
            if (s.once) {
                release(s.address);
            }
        }
    }

    private void release(String address) {
        total.decrementAndGet();
        AtomicInteger count = perAddress.get(address);
        if (count != null && count.decrementAndGet() <= 0) {
            perAddress.remove(address, count);
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

    /** One watcher's hold on a path. */
    public final class Subscription {
        private final JsonPath path;
        private final long since;
        private final String address;
        private final Subscriber subscriber;
        private final AtomicBoolean released = new AtomicBoolean();
        private WatchIndex.Entry entry;
        private boolean once;
        private Change first;

        private Subscription(JsonPath path, long since, String address, Subscriber subscriber) {
            this.path = path;
            this.since = since;
            this.address = address;
            this.subscriber = subscriber;
        }

        /** The answer due at once (current value, or the change since the version given), or null. */
        public Change first() {
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
                if (entry != null) {
                    index.remove(entry, this);
                }
            }
            release(address);
            return true;
        }
    }
}
