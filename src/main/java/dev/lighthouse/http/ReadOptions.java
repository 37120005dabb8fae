package dev.lighthouse.http;

import dev.lighthouse.config.Durations;
import dev.lighthouse.error.Futures;
import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.error.Unavailable;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The query options a read understands: {@code consistent=true|false}, and for
 * a long poll {@code wait=<seq>} with {@code timeout=<duration>}. Other
 * parameters are ignored, as caches and proxies may add their own.
 *
 * @param waitSeq the seq the client has seen, or null for a plain read
 * @param timeout how long a long poll may wait before answering with the current value
 */
record ReadOptions(boolean consistent, Long waitSeq, Duration timeout) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    static final ReadOptions PLAIN = new ReadOptions(false, null, DEFAULT_TIMEOUT);

    static ReadOptions parse(String query) {
        if (query == null || query.isEmpty()) {
            return PLAIN;
        }
        boolean consistent = false;
        Long wait = null;
        Duration timeout = null;
        for (String option : query.split("&")) {
            if (option.equals("consistent=true") || option.equals("consistent")) {
                consistent = true;
            } else if (option.startsWith("consistent=") && !option.equals("consistent=false")) {
                throw new InvalidInput("consistent must be true or false, not '" + option.substring(11) + "'");
            } else if (option.startsWith("wait=")) {
                wait = seq(option.substring(5), "wait");
            } else if (option.startsWith("timeout=")) {
                timeout = Durations.parse(option.substring(8), MAX_TIMEOUT, "timeout");
            }
        }
        if (timeout != null && wait == null) {
            throw new InvalidInput("timeout applies to a long poll; give wait=<seq> too");
        }
        return new ReadOptions(consistent, wait, timeout == null ? DEFAULT_TIMEOUT : timeout);
    }

    /** A seq from a query parameter or header: a non-negative decimal. */
    static long seq(String text, String what) {
        if (text.isEmpty() || text.length() > 18 || !allDigits(text)) {
            throw new InvalidInput(what + " must be a version seq (a non-negative integer), not '" + text + "'");
        }
        return Long.parseLong(text);
    }

    private static boolean allDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Blocks until a consistent read may go ahead. The future bounds itself by the write timeout
     * ({@code timeout}); waiting a second longer only guards against one that never completes.
     *
     * @throws dev.lighthouse.error.LighthouseException (503 when the read could not be confirmed), never with a
     *         Java exception's text
     */
    static void await(CompletableFuture<Void> confirmed, Duration timeout) {
        Futures.await(confirmed, timeout.plusSeconds(1), "the consistent read", Unavailable.Outcome.NOT_APPLIED);
    }
}
