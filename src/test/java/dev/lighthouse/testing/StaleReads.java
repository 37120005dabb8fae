package dev.lighthouse.testing;

import dev.lighthouse.testing.RegisterHistory.Kind;
import dev.lighthouse.testing.RegisterHistory.Op;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The plainest evidence against linearizability, for reports: a read that returned a value although
 * another write was acknowledged before the read was called and was itself called after the value's
 * write had returned (so it certainly came later). {@link LinearizabilityChecker} decides; this only
 * names what a reader of the report should look at.
 */
final class StaleReads {

    private StaleReads() {
    }

    /**
     * @param completed operations that returned (reads and acknowledged writes)
     * @param writes    every write by value, unknown ones included
     * @return up to {@code limit} descriptions, earliest read first
     */
    static List<String> find(List<Op> completed, Map<Long, Op> writes, int limit) {
        List<Op> acknowledged = new ArrayList<>(completed.stream().filter(op -> op.kind() == Kind.WRITE).toList());
        acknowledged.sort(Comparator.comparingLong(Op::ret));
        // latest[i]: of the writes acknowledged[0..i] (by return time), the one called last
        Op[] latest = new Op[acknowledged.size()];
        for (int i = 0; i < latest.length; i++) {
            Op w = acknowledged.get(i);
            latest[i] = i > 0 && latest[i - 1].call() > w.call() ? latest[i - 1] : w;
        }
        List<String> found = new ArrayList<>();
        for (Op read : completed) {
            if (read.kind() != Kind.READ || found.size() >= limit) {
                continue;
            }
            Op source = writes.get(read.value());
            long sourceReturned = source == null ? Long.MIN_VALUE : source.ret();
            int before = lastReturnedBefore(acknowledged, read.call());
            if (before >= 0 && latest[before].call() > sourceReturned) {
                found.add(read + "\n    but " + latest[before] + (source == null ? "" : "\n    after " + source));
            }
        }
        return found;
    }

    private static int lastReturnedBefore(List<Op> byReturn, long time) {
        int lo = 0;
        int hi = byReturn.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (byReturn.get(mid).ret() < time) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}
