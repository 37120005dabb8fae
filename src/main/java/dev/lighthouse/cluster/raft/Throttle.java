package dev.lighthouse.cluster.raft;

import java.util.HashMap;
import java.util.Map;

/**
 * Allows something at most once per interval for each key: a resend, or a log line that would
 * otherwise repeat on every attempt. Not thread-safe: each user calls it from one thread.
 */
final class Throttle {

    private final long intervalNanos;
    private final Map<Object, Long> lastAllowed = new HashMap<>();

    Throttle(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /** @return true (and remembers now) when {@code key} was not allowed within the interval */
    boolean allow(Object key) {
        long now = System.nanoTime();
        Long last = lastAllowed.get(key);
        if (last != null && now - last < intervalNanos) {
            return false;
        }
        lastAllowed.put(key, now);
        return true;
    }
}
