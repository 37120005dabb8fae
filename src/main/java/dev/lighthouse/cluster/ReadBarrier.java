package dev.lighthouse.cluster;

import java.nio.ByteBuffer;

/**
 * The read-only request behind {@code ?consistent=true}. jgroups-raft runs it
 * on the leader once a majority has confirmed the leader's term; its answer
 * is the leader's applied log index at that moment.
 */
final class ReadBarrier {

    /** No command starts with this byte (commands start with their format, 1). */
    static final byte MARKER = 'R';

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
