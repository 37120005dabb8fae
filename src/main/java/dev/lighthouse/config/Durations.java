package dev.lighthouse.config;

import dev.lighthouse.error.InvalidInput;
import java.time.Duration;

/** The SPEC's duration strings: an integer and a unit {@code ms}, {@code s}, {@code m} or {@code h}; bare means seconds. */
public final class Durations {

    private static final int MAX_DIGITS = 12;

    private Durations() {
    }

    /**
     * @param what names the parameter in the error message
     * @throws InvalidInput when malformed, negative or above {@code max}
     */
    public static Duration parse(String text, Duration max, String what) {
        // By hand rather than by a regular expression: every long poll's timeout comes through here.
        String form = text == null ? "" : text.trim();
        int digits = 0;
        while (digits < form.length() && form.charAt(digits) >= '0' && form.charAt(digits) <= '9') {
            digits++;
        }
        String unit = form.substring(digits);
        if (digits == 0 || digits > MAX_DIGITS || !(unit.isEmpty() || unit.equals("ms") || unit.equals("s")
                || unit.equals("m") || unit.equals("h"))) {
            throw new InvalidInput(what + " must be an integer with a unit ms, s, m or h (e.g. 500ms, 30s, 5m), not '"
                    + text + "'");
        }
        long amount = Long.parseLong(form, 0, digits, 10);
        Duration duration = switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> amount > max.toMinutes() ? max.plusMillis(1) : Duration.ofMinutes(amount);
            case "h" -> amount > max.toHours() ? max.plusMillis(1) : Duration.ofHours(amount);
            default -> amount > max.toSeconds() ? max.plusMillis(1) : Duration.ofSeconds(amount);
        };
        if (duration.compareTo(max) > 0) {
            throw new InvalidInput(what + " may be at most " + format(max) + ", not '" + text + "'");
        }
        return duration;
    }

    public static String format(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
