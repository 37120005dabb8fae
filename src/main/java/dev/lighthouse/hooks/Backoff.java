package dev.lighthouse.hooks;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: the n-th retry waits between half and all of
 * {@code first * 2^(n-1)}, capped at {@code max}, so receivers coming back up
 * are not hit by every notification at the same instant.
 */
record Backoff(Duration first, Duration max) {

    long delayMillis(int failures) {
        long base = first.toMillis();
        long cap = max.toMillis();
        long delay = base;
        for (int i = 1; i < failures && delay < cap; i++) {
            delay *= 2;
        }
        delay = Math.min(delay, cap);
        return delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
    }
}
