package dev.lighthouse.security;

import dev.lighthouse.error.TooManyFailedLogins;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Counts invalid tokens per client address in fixed windows; past the limit, the address is
 * refused (429) until its window ends, so guessing tokens costs an attacker a window per few
 * guesses. The table is bounded: when full, windows that ended are dropped first, then all.
 */
final class AuthFailures {

    static final int MAX_ADDRESSES = 10_000;

    private record Window(long startNanos, int failures) {
    }

    private final int maxFailures;
    private final long windowNanos;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    AuthFailures(int maxFailures, long windowSeconds) {
        this.maxFailures = maxFailures;
        this.windowNanos = TimeUnit.SECONDS.toNanos(windowSeconds);
    }

    /** @throws TooManyFailedLogins when {@code address} used up its failures for this window */
    void check(String address) {
        Window window = windows.get(address);
        long now = System.nanoTime();
        if (window != null && window.failures() >= maxFailures && now - window.startNanos() < windowNanos) {
            long left = windowNanos - (now - window.startNanos());
            throw new TooManyFailedLogins(address, Math.max(1, TimeUnit.NANOSECONDS.toSeconds(left) + 1));
        }
    }

    void record(String address) {
        if (windows.size() >= MAX_ADDRESSES) {
            prune();
        }
        long now = System.nanoTime();
        windows.compute(address, (key, window) -> window == null || now - window.startNanos() >= windowNanos
                ? new Window(now, 1)
                : new Window(window.startNanos(), window.failures() + 1));
    }

    private void prune() {
        long now = System.nanoTime();
        windows.values().removeIf(window -> now - window.startNanos() >= windowNanos);
        if (windows.size() >= MAX_ADDRESSES) {
            windows.clear();
        }
    }
}
