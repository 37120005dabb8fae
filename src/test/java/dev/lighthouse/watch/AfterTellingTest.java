package dev.lighthouse.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.apply.Command;
import dev.lighthouse.apply.Edit;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.StandaloneApplier;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.NumberNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an answer leaves for after the fan-out runs only once its thread has told its share. */
class AfterTellingTest {

    @TempDir
    Path dataDir;

    @Test
    void outsideAFanOutTheWorkRunsAtOnce() {
        AtomicInteger ran = new AtomicInteger();
        AfterTelling.run(ran::incrementAndGet);
        assertEquals(1, ran.get());
    }

    @Test
    void duringAFanOutEachThreadFinishesOnlyAfterTellingAllItsWaiters() throws Exception {
        int polls = Tellers.PARALLEL_FROM * 4; // as many as a shared fan-out; answers stay on the notifier thread all the same
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        List<String> events = new ArrayList<>();
        AtomicInteger finished = new AtomicInteger();
        try (StandaloneApplier opened = StandaloneApplier.seeded(dataDir, now);
             Watches watches = new Watches(opened.view(), Integer.MAX_VALUE)) {
            long seq = opened.view().state().current().seq();
            for (int i = 0; i < polls; i++) {
                watches.subscribe(JsonPath.of("n"), seq, true, "10.0.0.1", change -> {
                    String thread = Thread.currentThread().getName();
                    synchronized (events) {
                        events.add("told " + thread);
                    }
                    AfterTelling.run(() -> {
                        synchronized (events) {
                            events.add("finished " + thread);
                        }
                        finished.incrementAndGet();
                    });
                });
            }
            opened.applier().apply(new Command.PatchDocument(new Edit.Put(JsonPath.of("n"), NumberNode.of(1)),
                    null, null, now), 2);
            Await.until("every answer finished", Duration.ofSeconds(30), () -> finished.get() == polls);
        }
        Map<String, Boolean> finishing = new HashMap<>();
        synchronized (events) {
            assertEquals(2 * polls, events.size());
            for (String event : events) {
                String thread = event.substring(event.indexOf(' ') + 1);
                if (event.startsWith("finished")) {
                    finishing.put(thread, true);
                } else {
                    assertTrue(!finishing.getOrDefault(thread, false), thread + " told a waiter after finishing one");
                }
            }
        }
    }
}
