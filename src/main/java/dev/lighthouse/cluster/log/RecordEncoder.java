package dev.lighthouse.cluster.log;

import java.nio.ByteBuffer;
import org.jgroups.protocols.raft.LogEntries;
import org.jgroups.protocols.raft.LogEntry;

/**
 * Turns a batch of entries into records ({@link Records}) in one reused direct buffer, so an
 * append is one write. Not thread-safe: {@link SegmentedLog} serialises every call.
 */
final class RecordEncoder {

    /** A batch's records, each record's size and term, in order. Valid until the next {@link #encode}. */
    record Batch(ByteBuffer records, int[] sizes, long[] terms) {
    }

    private ByteBuffer scratch = ByteBuffer.allocateDirect(64 * 1024);

    Batch encode(long firstIndex, LogEntries entries) {
        int count = entries.size();
        int[] sizes = new int[count];
        long[] terms = new long[count];
        int bytes = 0;
        int i = 0;
        for (LogEntry entry : entries) {
            sizes[i] = Records.size(entry);
            terms[i++] = entry.term();
            bytes += Records.size(entry);
        }
        if (scratch.capacity() < bytes) {
            scratch = ByteBuffer.allocateDirect(Math.max(bytes, scratch.capacity() * 2));
        }
        scratch.clear();
        long index = firstIndex;
        for (LogEntry entry : entries) {
            Records.write(scratch, index++, entry);
        }
        return new Batch(scratch.flip(), sizes, terms);
    }
}
