package dev.lighthouse.watch;

/** Whoever waits for a path's value to change: a long poll, an event stream, a hook. */
public interface Subscriber {

    /**
     * Called for each version in which the value at the path differs from the one before, in
     * seq order, one at a time, on the notifier thread or one of its helpers (a commit that
     * concerns many watchers is told to them in parallel). Must not block: hand slow work
     * (network writes) to asynchronous I/O or another thread.
     */
    void changed(Change change);
}
