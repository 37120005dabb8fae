package dev.lighthouse.cluster.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OnDemandCheckTest {

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void nothingIsScheduledUntilAskedAndOnlyOnceHoweverOftenAsked() {
        OnDemandCheck checks = new OnDemandCheck(timer, () -> { }, 60_000);
        assertEquals(0, timer.getQueue().size());
        checks.soon();
        checks.soon();
        checks.soon();
        assertEquals(1, timer.getQueue().size());
    }

    @Test
    void aCheckWithWorkLeftSchedulesTheNextAndOneWithoutStops() throws InterruptedException {
        AtomicBoolean workLeft = new AtomicBoolean(true);
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch twoRuns = new CountDownLatch(2);
        OnDemandCheck[] checks = new OnDemandCheck[1];
        checks[0] = new OnDemandCheck(timer, () -> {
            checks[0].begin();
            runs.incrementAndGet();
            twoRuns.countDown();
            if (workLeft.getAndSet(false)) {
                checks[0].soon();
            }
        }, 1);
        checks[0].soon();
        assertTrue(twoRuns.await(10, TimeUnit.SECONDS));
        // The second run found no work: nothing is left on the timer.
        timer.shutdown();
        assertTrue(timer.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(2, runs.get());
    }

    @Test
    void askingAfterTheTimerIsShutDownIsQuiet() {
        OnDemandCheck checks = new OnDemandCheck(timer, () -> { }, 1);
        timer.shutdownNow();
        checks.soon();
        checks.soon();
        assertEquals(0, timer.getQueue().size());
    }
}
