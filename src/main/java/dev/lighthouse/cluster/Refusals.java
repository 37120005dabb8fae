package dev.lighthouse.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Warnings about refused cluster traffic: the first message from a sender is logged at once,
 * then at most one a minute with a count of those refused in between, so that a misconfigured
 * node retrying every second cannot flood the log. Thread-safe; only refused traffic pays for
 * the lock.
 */
final class Refusals {

    private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** Past this many distinct senders (forged ones, most likely), the rest share one allowance. */
    private static final int MAX_SENDERS = 256;
    private static final String OTHERS = "";

    private final Logger log;
    private final LongSupplier nanoClock;
    private final Map<String, Allowance> senders = new HashMap<>();

    private static final class Allowance {
        long loggedAt;
        long refusedSince;
    }

    Refusals(Logger log) {
        this(log, System::nanoTime);
    }

    /** @param nanoClock a monotonic time in nanoseconds; tests move their own */
    Refusals(Logger log, LongSupplier nanoClock) {
        this.log = log;
        this.nanoClock = nanoClock;
    }

    /** @param why completes "refused cluster traffic from SENDER: " */
    synchronized void refuse(String sender, String why) {
        long now = nanoClock.getAsLong();
        String key = senders.containsKey(sender) || senders.size() < MAX_SENDERS ? sender : OTHERS;
        Allowance allowance = senders.get(key);
        if (allowance != null && now - allowance.loggedAt < INTERVAL_NANOS) {
            allowance.refusedSince++;
            return;
        }
        long between = allowance == null ? 0 : allowance.refusedSince;
        if (allowance == null) {
            allowance = new Allowance();
            senders.put(key, allowance);
        }
        allowance.loggedAt = now;
        allowance.refusedSince = 0;
        log.warn("refused cluster traffic from {}: {}{}", sender, why,
                between == 0 ? "" : " (" + between + " more refused since the last warning)");
    }
}
