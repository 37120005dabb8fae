package dev.lighthouse.watch;

import dev.lighthouse.error.TooManyWatchers;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many waiters each client address holds, and in all: one bound per address for every kind
 * of watcher (streams and long polls, on paths and on groups). Thread-safe.
 */
final class WaiterCounts {

    private final int maxPerAddress;
    private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    WaiterCounts(int maxPerAddress) {
        this.maxPerAddress = maxPerAddress;
    }

    /**
     * Counts one more waiter from {@code address}; each hold is given back exactly once with
     * {@link #letGo}.
     *
     * @throws TooManyWatchers when the address already holds as many as it may
     */
    void hold(String address) {
        AtomicInteger count = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
        if (count.incrementAndGet() > maxPerAddress) {
            count.decrementAndGet();
            throw new TooManyWatchers(address, maxPerAddress);
        }
        total.incrementAndGet();
    }

    void letGo(String address) {
        total.decrementAndGet();
        AtomicInteger count = perAddress.get(address);
        if (count != null && count.decrementAndGet() <= 0) {
            perAddress.remove(address, count);
        }
    }

    int total() {
        return total.get();
    }
}
