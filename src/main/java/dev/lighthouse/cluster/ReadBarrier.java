package dev.lighthouse.cluster;

import java.nio.ByteBuffer;

/**
 * The read-only request behind {@code ?consistent=true}. jgroups-raft runs it
 * on the leader once a majority has confirmed the leader's term; its answer
 * is the leader's applied log index at that moment, or {@link #NOT_YET} while
 * the leader has not committed an entry of its own term: until then entries an
 * earlier leader acknowledged may be missing from its applied state (Raft's
 * section 8), and jgroups-raft does not wait for that itself.
 */
final class ReadBarrier {

    /** No command starts with this byte (commands start with their format, 1). */
    static final byte MARKER = 'R';
    /** The leader cannot name a read index yet; ask again shortly. */
    static final long NOT_YET = -1;

    private ReadBarrier() {
    }

    static byte[] request() {
        return new byte[] {MARKER};
    }

    static boolean is(byte[] data, int offset, int length) {
        return length == 1 && data[offset] == MARKER;
    }

    static byte[] reply(long appliedIndex) {
        return ByteBuffer.allocate(Long.BYTES).putLong(appliedIndex).array();
    }

    static long index(byte[] reply) {
        return ByteBuffer.wrap(reply).getLong();
    }
}
