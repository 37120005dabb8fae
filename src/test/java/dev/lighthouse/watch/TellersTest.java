package dev.lighthouse.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Who tells what in a fan-out: answers on the notifier thread, stream events shared with helpers. */
class TellersTest {

    @Test
    void answersAreToldOnTheCallingThreadAndEventsAreShared() throws Exception {
        int each = Tellers.PARALLEL_FROM * 8;
        Tells tells = new Tells();
        Set<String> answering = ConcurrentHashMap.newKeySet();
        Set<String> streaming = ConcurrentHashMap.newKeySet();
        CountDownLatch helped = new CountDownLatch(1);
        List<Counting> all = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            Counting answer = new Counting(true, answering, helped, false);
            Counting event = new Counting(false, streaming, helped, i == 0);
            all.add(answer);
            all.add(event);
            tells.add(event, 0);
            tells.add(answer, 0);
        }
        try (Tellers tellers = new Tellers("tellers-test", 2)) {
            tellers.tell(tells);
        }
        for (Counting waiter : all) {
            assertEquals(1, waiter.times.get(), "a waiter told " + waiter.times.get() + " times");
        }
        assertEquals(Set.of(Thread.currentThread().getName()), answering);
        assertTrue(streaming.stream().anyMatch(name -> name.startsWith("tellers-test-")),
                "no helper told an event: " + streaming);
    }

    @Test
    void helpersTellEveryWaiterOnceAndRoundsDoNotMix() throws Exception {
        int waiters = Tellers.PARALLEL_FROM * 8;
        Tells tells = new Tells();
        try (Tellers tellers = new Tellers("tellers-test", 3)) {
            Set<String> threads = ConcurrentHashMap.newKeySet();
            CountDownLatch helped = new CountDownLatch(1);
            for (int round = 0; round < 50; round++) {
                List<Counting> told = new ArrayList<>();
                for (int i = 0; i < waiters; i++) {
                    // The first waiter holds up the test's own thread until a helper has told one,
                    // so the helpers take part even when the chunks are told faster than a thread wakes.
                    Counting waiter = new Counting(false, threads, helped, round == 0 && i == 0);
                    told.add(waiter);
                    tells.add(waiter, round);
                }
                tellers.tell(tells);
                tells.clear();
                // tell returned: every waiter of this round has been told, exactly once, of this round.
                for (Counting waiter : told) {
                    assertEquals(1, waiter.times.get(), "a waiter told " + waiter.times.get() + " times");
                    assertEquals(List.of(round), waiter.heard);
                }
            }
            assertTrue(threads.stream().anyMatch(name -> name.startsWith("tellers-test-")), "no helper told: " + threads);
        }
    }

    /** A waiter of neither kind: counts what it is told, and by which threads. */
    private static final class Counting extends Waiter<Integer> {
        final AtomicInteger times = new AtomicInteger();
        final List<Integer> heard = new ArrayList<>();
        private final Set<String> threads;
        /** Counted down by any helper's telling. */
        private final CountDownLatch helped;
        private final boolean waitsForHelpers;

        Counting(boolean once, Set<String> threads, CountDownLatch helped, boolean waitsForHelpers) {
            super(once, null, null);
            this.threads = threads;
            this.helped = helped;
            this.waitsForHelpers = waitsForHelpers;
        }

        @Override
        void deliver(Integer round) {
            if (Thread.currentThread().getName().startsWith("tellers-test-")) {
                helped.countDown();
            }
            times.incrementAndGet();
            synchronized (heard) {
                heard.add(round);
            }
            threads.add(Thread.currentThread().getName());
            if (waitsForHelpers) {
                try {
                    helped.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        void unindex() {
        }

        @Override
        Object lock() {
            return this;
        }

        @Override
        String describe(Integer round) {
            return "a counting waiter";
        }
    }
}
