package dev.lighthouse.ctl;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the server takes them: an integer with {@code ms}, {@code s}, {@code m} or {@code h}; bare means seconds. */
final class Durations {

    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

    private Durations() {
    }

    /** @throws CtlFailure a usage error naming {@code option} for anything else */
    static Duration parse(String text, String option) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw notADuration(text, option);
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    /** The shortest form: {@code 10s}, {@code 500ms}, {@code 5m}. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    /** {@code text} as a duration, or null when it is null. */
    static Duration parseOrNull(String text, String option) {
        return text == null ? null : parse(text, option);
    }

    /** {@code text} if it is a duration. */
    static String check(String text, String option) {
        if (text != null && !FORM.matcher(text).matches()) {
            throw notADuration(text, option);
        }
        return text;
    }

    private static CtlFailure notADuration(String text, String option) {
        return CtlFailure.usage(option + " '" + text + "' is not a duration (such as 500ms, 30s, 5m, 1h)");
    }
}
