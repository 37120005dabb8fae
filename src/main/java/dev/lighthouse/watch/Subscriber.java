package dev.lighthouse.watch;

/** Whoever waits for a path's value to change: a long poll, an event stream, a hook. */
public interface Subscriber {

    /**
     * Called on the notifier thread, in seq order, for each version in which the value at the
     * path differs from the one before. Must not block: hand slow work (network writes) to
     * asynchronous I/O or another thread.
     */
    void changed(Change change);
}
