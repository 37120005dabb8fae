package dev.lighthouse.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** A bounded poll for conditions that become true asynchronously; never a fixed sleep. */
public final class Await {

    private Await() {
    }

    /** Polls {@code condition} every few milliseconds until it holds; fails after {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 1;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
            pause = Math.min(pause * 2, 20);
        }
    }
}
