package dev.lighthouse.client;

import java.time.Duration;

/** Durations as the server reads them: {@code 250ms}, {@code 10s}. */
final class Durations {

    private Durations() {
    }

    static String format(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a negative duration: " + duration);
        }
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    /** Reads the server's form back ({@code 10s}, {@code 500ms}, {@code 5m}, {@code 1h}, a bare number of seconds). */
    static Duration parse(String text) {
        String digits = text.replaceAll("[a-z]+$", "");
        long amount = Long.parseLong(digits);
        return switch (text.substring(digits.length())) {
            case "ms" -> Duration.ofMillis(amount);
            case "", "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException("not a duration: " + text);
        };
    }
}
