package dev.lighthouse.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.LinearizabilityChecker.Verdict;
import dev.lighthouse.testing.RegisterHistory.Kind;
import dev.lighthouse.testing.RegisterHistory.Op;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The checker behind the linearizability tests, on histories whose answer is known by construction. */
class LinearizabilityCheckerTest {

    private static final long NEVER = RegisterHistory.NEVER;
    private static final long ABSENT = RegisterHistory.ABSENT;

    private static Op write(long value, long call, long ret) {
        return new Op((int) value, Kind.WRITE, value, call, ret, "w");
    }

    private static Op read(long value, long call, long ret) {
        return new Op(1000 + (int) call, Kind.READ, value, call, ret, "r");
    }

    private static Verdict check(Op... ops) {
        return LinearizabilityChecker.check(List.of(ops), 0);
    }

    @Test
    void aSequentialHistoryIsLinearizable() {
        assertTrue(check(write(1, 0, 1), read(1, 2, 3), write(2, 4, 5), read(2, 6, 7)).linearizable());
    }

    @Test
    void aReadOfAValueOverwrittenBeforeItBeganIsNot() {
        Verdict verdict = check(write(1, 0, 1), write(2, 2, 3), read(1, 4, 5));
        assertFalse(verdict.linearizable());
        assertTrue(verdict.explanation().contains("read on r returned 1"), verdict.explanation());
    }

    @Test
    void readsConcurrentWithAWriteMaySeeEitherValueButNotGoBack() {
        assertTrue(check(write(1, 0, 1), write(2, 2, 10), read(1, 3, 4), read(2, 5, 6)).linearizable());
        assertTrue(check(write(1, 0, 1), write(2, 2, 10), read(2, 3, 4), read(2, 5, 6)).linearizable());
        // once a read saw 2, a later read may not see 1 again
        assertFalse(check(write(1, 0, 1), write(2, 2, 10), read(2, 3, 4), read(1, 5, 6)).linearizable());
    }

    @Test
    void theInitialValueIsReadUntilAWriteIsAcknowledged() {
        assertTrue(LinearizabilityChecker.check(List.of(read(ABSENT, 0, 1), write(1, 2, 5), read(ABSENT, 3, 4)),
                ABSENT).linearizable());
        assertFalse(LinearizabilityChecker.check(List.of(write(1, 2, 5), read(ABSENT, 6, 7)), ABSENT)
                .linearizable());
    }

    @Test
    void anUnknownWriteMayTakeEffectLongAfterItsCallOrNever() {
        // never read: it may never have happened
        assertTrue(check(write(1, 0, 1), write(2, 2, NEVER), read(1, 20, 21)).linearizable());
        // read much later: it took effect late, after the write of 3
        assertTrue(check(write(2, 2, NEVER), write(3, 5, 6), read(3, 7, 8), read(2, 20, 21)).linearizable());
        // but once seen it is in effect: an older value cannot come back
        assertFalse(check(write(1, 0, 1), write(2, 2, NEVER), read(2, 10, 11), read(1, 12, 13)).linearizable());
        // and it cannot take effect before it was called
        assertFalse(check(read(2, 0, 1), write(2, 2, NEVER)).linearizable());
    }

    @Test
    void aValueNobodyWroteIsNotLinearizable() {
        Verdict verdict = check(write(1, 0, 1), read(7, 2, 3));
        assertFalse(verdict.linearizable());
        assertTrue(verdict.explanation().contains("a value nobody wrote"), verdict.explanation());
    }

    @Test
    void longRandomLinearizableHistoriesPassAndOneStaleReadFailsThem() {
        for (long seed = 1; seed <= 5; seed++) {
            List<Op> history = randomLinearizable(new Random(seed), 4, 2_500);
            long started = System.nanoTime();
            Verdict verdict = LinearizabilityChecker.check(history, 0);
            assertTrue(verdict.linearizable(), "seed " + seed + ": " + verdict.explanation());
            assertTrue(System.nanoTime() - started < 5_000_000_000L, "seed " + seed + " took too long");

            Verdict refuted = LinearizabilityChecker.check(withOneStaleRead(history), 0);
            assertFalse(refuted.linearizable(), "seed " + seed + " with a stale read");
            assertTrue(refuted.explanation().contains("overwritten before they began"), refuted.explanation());
        }
    }

    /**
     * A violation no single stale read shows, at the very end of a long history: a read sees a write
     * still in progress, and a later read the value before it. Only the search can refute this.
     */
    @Test
    void theSearchRefutesANewThenOldInversionAfterALongHistory() {
        List<Op> history = new ArrayList<>(randomLinearizable(new Random(7), 4, 1_000));
        long end = history.stream().mapToLong(o -> o.unknown() ? o.call() : o.ret()).max().orElseThrow() + 10;
        history.add(write(1_000_001, end, end + 1));
        history.add(write(1_000_002, end + 2, end + 100));
        history.add(read(1_000_002, end + 3, end + 4));
        Verdict fine = LinearizabilityChecker.check(history, 0);
        assertTrue(fine.linearizable(), fine.explanation());

        history.add(read(1_000_001, end + 5, end + 6));
        Verdict verdict = LinearizabilityChecker.check(history, 0);
        assertFalse(verdict.linearizable());
        assertTrue(verdict.explanation().contains("read on r returned 1000001"), verdict.explanation());
    }

    /**
     * Clients calling one after another, each operation taking effect at a random instant inside its
     * interval; reads return the value in effect at that instant. A tenth of the writes end unknown,
     * half of those never taking effect.
     */
    private static List<Op> randomLinearizable(Random random, int clients, int perClient) {
        record Timed(Op op, long at, boolean takesEffect) {
        }
        List<Timed> timed = new ArrayList<>();
        int nextValue = 1;
        for (int c = 0; c < clients; c++) {
            long t = random.nextInt(10);
            for (int i = 0; i < perClient; i++) {
                long call = t + random.nextInt(5);
                long ret = call + 1 + random.nextInt(30);
                long at = call + random.nextLong(ret - call + 1);
                if (random.nextBoolean()) {
                    boolean unknown = random.nextInt(10) == 0;
                    Op op = new Op(nextValue, Kind.WRITE, nextValue++, call, unknown ? NEVER : ret, "c" + c);
                    timed.add(new Timed(op, at, !unknown || random.nextBoolean()));
                } else {
                    timed.add(new Timed(new Op(-1, Kind.READ, 0, call, ret, "c" + c), at, true));
                }
                t = ret;
            }
        }
        timed.sort(Comparator.comparingLong(Timed::at));
        long value = 0;
        List<Op> history = new ArrayList<>();
        for (Timed t : timed) {
            Op op = t.op();
            if (op.kind() == Kind.WRITE) {
                if (t.takesEffect()) {
                    value = op.value();
                }
                history.add(op);
            } else {
                history.add(new Op(history.size(), Kind.READ, value, op.call(), op.ret(), op.where()));
            }
        }
        return history;
    }

    /** The history with one read changed to return a value certainly overwritten before it began. */
    private static List<Op> withOneStaleRead(List<Op> history) {
        List<Op> writes = history.stream().filter(o -> o.kind() == Kind.WRITE && !o.unknown()).toList();
        for (int r = history.size() / 2; r < history.size(); r++) {
            Op read = history.get(r);
            if (read.kind() != Kind.READ) {
                continue;
            }
            for (Op old : writes) {
                boolean overwritten = writes.stream().anyMatch(w -> w.call() > old.ret() && w.ret() < read.call());
                if (old.ret() < read.call() && overwritten) {
                    List<Op> broken = new ArrayList<>(history);
                    broken.set(r, new Op(read.id(), Kind.READ, old.value(), read.call(), read.ret(), read.where()));
                    return broken;
                }
            }
        }
        throw new AssertionError("no read to make stale");
    }
}
