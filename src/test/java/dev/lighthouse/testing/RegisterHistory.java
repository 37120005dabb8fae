package dev.lighthouse.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A concurrent history of reads and writes of one register, as clients saw it: when each
 * operation was called and when it returned, on this JVM's monotonic clock. Thread-safe: any
 * number of client threads record into one history.
 *
 * <p>What is recorded is what a client can prove. An acknowledged write took effect somewhere
 * between its call and its return; a write whose outcome the client could not learn (a timeout, a
 * 503 saying {@code outcome: unknown}, a killed server) may have taken effect at any time after its
 * call, or never; a write refused as {@code not-applied} and a read that failed did nothing and are
 * not recorded at all.
 */
public final class RegisterHistory {

    /** The value a read of a register that was never written returns (a 404). */
    public static final long ABSENT = Long.MIN_VALUE;
    /** The return time of a write whose outcome is unknown: it may still take effect at any time. */
    public static final long NEVER = Long.MAX_VALUE;

    public enum Kind { READ, WRITE }

    /**
     * @param call  nanoseconds since the history began, taken before the request was sent
     * @param ret   nanoseconds since the history began, taken after the answer arrived; {@link #NEVER}
     *              for a write whose outcome is unknown
     * @param where the node the client talked to
     */
    public record Op(int id, Kind kind, long value, long call, long ret, String where) {

        public boolean unknown() {
            return ret == NEVER;
        }

        @Override
        public String toString() {
            String what = kind == Kind.WRITE ? "write " + value + " via " + where
                    : "read on " + where + " returned " + (value == ABSENT ? "nothing" : String.valueOf(value));
            String ended = unknown() ? "outcome unknown" : (kind == Kind.WRITE ? "acknowledged " : "returned ")
                    + seconds(ret);
            return what + ": called " + seconds(call) + ", " + ended;
        }
    }

    private final long origin = System.nanoTime();
    private final AtomicInteger ids = new AtomicInteger();
    private final ConcurrentLinkedQueue<Op> ops = new ConcurrentLinkedQueue<>();

    /** Now, on the history's clock: take it right before sending a request. */
    public long now() {
        return System.nanoTime() - origin;
    }

    public void read(long call, long value, String where) {
        add(Kind.READ, value, call, now(), where);
    }

    public void acknowledgedWrite(long call, long value, String where) {
        add(Kind.WRITE, value, call, now(), where);
    }

    public void unknownWrite(long call, long value, String where) {
        add(Kind.WRITE, value, call, NEVER, where);
    }

    private void add(Kind kind, long value, long call, long ret, String where) {
        ops.add(new Op(ids.incrementAndGet(), kind, value, call, ret, where));
    }

    /** Every operation recorded so far, by call time. */
    public List<Op> ops() {
        List<Op> all = new ArrayList<>(ops);
        all.sort(Comparator.comparingLong(Op::call));
        return all;
    }

    /** A time on the history's clock, in seconds with millisecond precision, as reports show it. */
    public static String seconds(long nanos) {
        return String.format("%.3f", nanos / 1e9);
    }
}
