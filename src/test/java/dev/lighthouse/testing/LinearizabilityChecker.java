package dev.lighthouse.testing;

import dev.lighthouse.testing.RegisterHistory.Kind;
import dev.lighthouse.testing.RegisterHistory.Op;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a {@link RegisterHistory} of one register is linearizable: whether its operations
 * can be put in one order that respects real time (an operation that returned before another was
 * called comes first) and in which every read returns the last value written before it.
 *
 * <p>The search is Wing and Gong's, with Lowe's memoisation: depth first, it picks as the next
 * operation any one that no pending operation precedes in real time, and never explores the same
 * (set of operations placed, register value) twice. Three reductions keep it small on long histories:
 * a read that is legal now is placed at once without branching (placing it later can never help,
 * since it changes nothing); a write whose outcome is unknown and whose value nobody read is
 * dropped (never taking effect is always allowed for it, and its taking effect could only be seen
 * through its value); and an unknown write that was read is tried only right before a read of its
 * value. Values must be unique per write. Not thread-safe; one check per instance.
 */
public final class LinearizabilityChecker {

    /** States explored before giving up: a history this hard says more about the test than the store. */
    private static final int STATE_BUDGET = 5_000_000;

    /** @param explanation for a history that is not linearizable, the evidence; otherwise a summary */
    public record Verdict(boolean linearizable, String explanation) {
    }

    private final Op[] ops;
    /** Operations 0..known-1 have returned, sorted by call; the rest are unknown writes. */
    private final int known;
    private final long initial;
    /** Index of each unknown write, by its value. */
    private final Map<Long, Integer> unknownWriteOf = new HashMap<>();
    private final BitSet placed = new BitSet();
    private final Set<StateKey> seen = new HashSet<>();
    private int deepest = -1;
    private long deepestValue;
    private int deepestBlocker = -1;

    private LinearizabilityChecker(List<Op> knownOps, List<Op> unknownWrites, long initial) {
        List<Op> all = new ArrayList<>(knownOps);
        all.addAll(unknownWrites);
        this.ops = all.toArray(Op[]::new);
        this.known = knownOps.size();
        this.initial = initial;
        for (int i = known; i < ops.length; i++) {
            unknownWriteOf.put(ops[i].value(), i);
        }
    }

    /** @param initial the register's value before the first operation ({@link RegisterHistory#ABSENT} if none) */
    public static Verdict check(List<Op> history, long initial) {
        Map<Long, Op> writes = new HashMap<>();
        Set<Long> valuesRead = new HashSet<>();
        for (Op op : history) {
            if (op.kind() == Kind.WRITE && writes.put(op.value(), op) != null) {
                throw new IllegalArgumentException("two writes of " + op.value() + ": values must be unique");
            }
            if (op.kind() == Kind.READ) {
                valuesRead.add(op.value());
            }
        }
        for (Op op : history) {
            if (op.kind() == Kind.READ && op.value() != initial && !writes.containsKey(op.value())) {
                return new Verdict(false, op + ", a value nobody wrote");
            }
        }
        List<Op> completed = history.stream().filter(op -> !op.unknown()).toList();
        List<String> stale = StaleReads.find(completed, writes, 5);
        if (!stale.isEmpty()) {
            // Proof enough, and found in one pass where refuting by search could take long.
            return new Verdict(false, "not linearizable. Reads of a value overwritten before they began:\n  "
                    + String.join("\n  ", stale));
        }
        List<Op> knownOps = new ArrayList<>();
        List<Op> unknownWrites = new ArrayList<>();
        for (Op op : history) {
            if (!op.unknown()) {
                knownOps.add(op);
            } else if (valuesRead.contains(op.value())) {
                unknownWrites.add(op);
            }
        }
        knownOps.sort((a, b) -> Long.compare(a.call(), b.call()));
        LinearizabilityChecker checker = new LinearizabilityChecker(knownOps, unknownWrites, initial);
        return checker.search();
    }

    private Verdict search() {
        Deque<Frame> stack = new ArrayDeque<>();
        Frame top = new Frame(-1, initial, candidates(initial));
        if (top.candidates == null) {
            return linearizable();
        }
        while (true) {
            if (seen.size() > STATE_BUDGET) {
                return new Verdict(false, "inconclusive: more than " + STATE_BUDGET + " states explored");
            }
            if (top.next < top.candidates.length) {
                int op = top.candidates[top.next++];
                placed.set(op);
                long value = ops[op].kind() == Kind.WRITE ? ops[op].value() : top.value;
                if (!seen.add(key(value))) {
                    placed.clear(op);
                    continue;
                }
                int[] next = candidates(value);
                if (next == null) {
                    return linearizable();
                }
                stack.push(top);
                top = new Frame(op, value, next);
            } else {
                if (stack.isEmpty()) {
                    return new Verdict(false, explain());
                }
                placed.clear(top.op);
                top = stack.pop();
            }
        }
    }

    private Verdict linearizable() {
        return new Verdict(true, known + " completed operations and " + (ops.length - known)
                + " unknown writes that were read linearized; " + seen.size() + " states explored");
    }

    /**
     * The operations that may come next with the register at {@code value}, best first; null when every
     * completed operation is placed (unknown writes still pending never took effect).
     */
    private int[] candidates(long value) {
        int first = placed.nextClearBit(0);
        if (first >= known) {
            return null;
        }
        noteDepth(first, value);
        // An operation may come next unless some pending one returned before it was called. Known
        // operations are sorted by call, so the scan stops at the first called after every earlier
        // pending one returned.
        long minReturn = Long.MAX_VALUE;
        List<Integer> writesNext = new ArrayList<>();
        for (int i = first; i < known && ops[i].call() <= minReturn; i++) {
            if (placed.get(i)) {
                continue;
            }
            minReturn = Math.min(minReturn, ops[i].ret());
        }
        for (int i = first; i < known && ops[i].call() <= minReturn; i++) {
            if (placed.get(i)) {
                continue;
            }
            if (ops[i].kind() == Kind.READ) {
                if (ops[i].value() == value) {
                    return new int[] {i}; // placing a legal read now never loses a linearization
                }
            } else {
                writesNext.add(i);
            }
        }
        // An unknown write can always be moved later, to right before the first read of its value
        // (nothing has to follow it in real time), so it is only tried there.
        for (int i = first; i < known && ops[i].call() <= minReturn; i++) {
            Integer unknownWrite = ops[i].kind() == Kind.READ && !placed.get(i) ? unknownWriteOf.get(ops[i].value()) : null;
            if (unknownWrite != null && !placed.get(unknownWrite) && ops[unknownWrite].call() <= minReturn
                    && !writesNext.contains(unknownWrite)) {
                writesNext.add(unknownWrite);
            }
        }
        return writesNext.stream().mapToInt(Integer::intValue).toArray();
    }

    private void noteDepth(int first, long value) {
        if (first > deepest) {
            deepest = first;
            deepestValue = value;
            long minReturn = Long.MAX_VALUE;
            for (int i = first; i < known && ops[i].call() <= minReturn; i++) {
                if (!placed.get(i) && ops[i].ret() < minReturn) {
                    minReturn = ops[i].ret();
                    deepestBlocker = i;
                }
            }
        }
    }

    /**
     * The placed operations, compactly: every known operation before the first pending one is placed,
     * and a placed one after it was called before that one returned, so only a short window is listed.
     */
    private StateKey key(long value) {
        int first = placed.nextClearBit(0);
        List<Integer> marks = new ArrayList<>();
        marks.add(first);
        long limit = first < known ? ops[first].ret() : Long.MAX_VALUE;
        for (int i = placed.nextSetBit(first); i >= 0 && i < known && ops[i].call() <= limit;
                i = placed.nextSetBit(i + 1)) {
            marks.add(i);
        }
        marks.add(-1);
        for (int i = placed.nextSetBit(known); i >= 0; i = placed.nextSetBit(i + 1)) {
            marks.add(i);
        }
        return new StateKey(value, marks.stream().mapToInt(Integer::intValue).toArray());
    }

    private String explain() {
        return "not linearizable. The search placed at most the first " + deepest + " of " + known
                + " completed operations (by call time); with the register at "
                + (deepestValue == RegisterHistory.ABSENT ? "nothing" : String.valueOf(deepestValue))
                + " nothing can come next before " + (deepestBlocker >= 0 ? ops[deepestBlocker].toString() : "?");
    }

    private static final class Frame {
        final int op;
        final long value;
        final int[] candidates;
        int next;

        Frame(int op, long value, int[] candidates) {
            this.op = op;
            this.value = value;
            this.candidates = candidates;
        }
    }

    private static final class StateKey {
        private final long value;
        private final int[] marks;
        private final int hash;

        StateKey(long value, int[] marks) {
            this.value = value;
            this.marks = marks;
            this.hash = 31 * Long.hashCode(value) + Arrays.hashCode(marks);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof StateKey k && k.value == value && Arrays.equals(k.marks, marks);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
