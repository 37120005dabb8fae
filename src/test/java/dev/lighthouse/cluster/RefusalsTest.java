package dev.lighthouse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.LogCapture;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A refused sender is logged at once, then once a minute with a count: a retry loop cannot flood the log. */
class RefusalsTest {

    private static final String LOGGER = "dev.lighthouse.cluster.RefusalsTest";

    @Test
    void oneLineAMinutePerSenderWithTheCountInBetween() {
        AtomicLong now = new AtomicLong(1_000);
        Refusals refusals = new Refusals(LoggerFactory.getLogger(LOGGER), now::get);
        try (LogCapture log = LogCapture.of(LOGGER)) {
            for (int i = 0; i < 100; i++) {
                refusals.refuse("node4 (127.0.0.1:7804)", "wrong secret");
                now.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
            }
            refusals.refuse("node5 (127.0.0.1:7805)", "no secret");
            List<String> lines = log.lines();
            assertEquals(2, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("WARNING " + LOGGER
                    + " - refused cluster traffic from node4 (127.0.0.1:7804): wrong secret"), lines.get(0));
            assertTrue(lines.get(1).contains("from node5"), lines.get(1));

            now.addAndGet(TimeUnit.MINUTES.toNanos(1));
            refusals.refuse("node4 (127.0.0.1:7804)", "wrong secret");
            assertEquals(3, log.lines().size());
            assertTrue(log.lines().get(2).endsWith("wrong secret (99 more refused since the last warning)"),
                    log.lines().get(2));
        }
    }

    @Test
    void forgedSendersBeyondTheBoundShareOneAllowance() {
        Refusals refusals = new Refusals(LoggerFactory.getLogger(LOGGER), () -> 0);
        try (LogCapture log = LogCapture.of(LOGGER)) {
            for (int i = 0; i < 10_000; i++) {
                refusals.refuse("forged-" + i, "no secret");
            }
            assertEquals(257, log.lines().size());
        }
    }
}
