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

    /** Waits until {@code file} exists and holds at least {@code count} lines. */
    public static void lines(java.nio.file.Path file, int count, Duration timeout) {
        until(count + " lines in " + file, timeout, () -> {
            try {
                return java.nio.file.Files.exists(file) && java.nio.file.Files.readAllLines(file).size() >= count;
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                return false; // being replaced or written at this instant
            }
        });
    }
}
