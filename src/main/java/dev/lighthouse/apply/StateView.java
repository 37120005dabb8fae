package dev.lighthouse.apply;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The read side: the latest {@link StoreState}, read without locks by any
 * thread, and the signals that fire after the applier publishes a new one.
 */
public final class StateView {

    private volatile StoreState state;
    private volatile CompletableFuture<Void> nextRelease = new CompletableFuture<>();
    private final List<BiConsumer<StoreState, StoreState>> listeners = new CopyOnWriteArrayList<>();

    public StateView(StoreState initial) {
        this.state = initial;
    }

    public StoreState state() {
        return state;
    }

    /**
     * Completes the next time the lock goes from held to free. Take it before
     * trying to acquire, so a release in between is not missed.
     */
    public CompletableFuture<Void> nextRelease() {
        return nextRelease;
    }

    /** Called on the applier thread after each change; must be quick and must not throw. */
    public void addListener(BiConsumer<StoreState, StoreState> listener) {
        listeners.add(listener);
    }

    void publish(StoreState before, StoreState after) {
        state = after;
        if (before.lock() != null && after.lock() == null) {
            CompletableFuture<Void> released = nextRelease;
            nextRelease = new CompletableFuture<>();
            released.complete(null);
        }
        for (BiConsumer<StoreState, StoreState> listener : listeners) {
            listener.accept(before, after);
        }
    }
}
