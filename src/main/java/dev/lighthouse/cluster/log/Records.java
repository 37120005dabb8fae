package dev.lighthouse.cluster.log;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.jgroups.protocols.raft.LogEntry;

/**
 * The on-disk form of one Raft log entry: a 26-byte header (magic, flags,
 * payload length, term, index, CRC-32C) and the payload. The checksum covers
 * the header fields and the payload, so a record torn by a crash, filled with
 * zeros by a failed write, or flipped on disk fails verification instead of
 * being read as an entry. A record names its own index, so a stale record left
 * behind in reused space can never pass for the next one.
 */
final class Records {

    static final int HEADER_BYTES = 1 + 1 + 4 + 8 + 8 + 4;
    /** Never zero: a zero-filled region reads as "no record here". */
    private static final byte MAGIC = (byte) 0xA7;
    private static final int CHECKED_HEADER_BYTES = HEADER_BYTES - 4;
    private static final byte INTERNAL = 1;
    private static final byte NO_COMMAND = 2;

    private Records() {
    }

    static int size(LogEntry entry) {
        return HEADER_BYTES + payloadLength(entry);
    }

    private static int payloadLength(LogEntry entry) {
        return entry.command() == null ? 0 : entry.length();
    }

    /** Appends the record of {@code entry} at {@code index} to {@code out}. */
    static void write(ByteBuffer out, long index, LogEntry entry) {
        int start = out.position();
        int length = payloadLength(entry);
        byte flags = (byte) ((entry.internal() ? INTERNAL : 0) | (entry.command() == null ? NO_COMMAND : 0));
        out.put(MAGIC).put(flags).putInt(length).putLong(entry.term()).putLong(index);
        CRC32C crc = new CRC32C();
        crc.update(out.duplicate().position(start).limit(start + CHECKED_HEADER_BYTES));
        if (length > 0) {
            crc.update(entry.command(), entry.offset(), length);
        }
        out.putInt((int) crc.getValue());
        if (length > 0) {
            out.put(entry.command(), entry.offset(), length);
        }
    }

    /** True when the header's first byte is zero: pre-allocated space no record was written to. */
    static boolean isEmpty(ByteBuffer header) {
        for (int i = header.position(); i < header.limit(); i++) {
            if (header.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The payload length a header announces, or -1 when it is not a record header at all.
     *
     * @param header at least {@link #HEADER_BYTES} bytes from its position
     */
    static int payloadLength(ByteBuffer header) {
        int at = header.position();
        if (header.get(at) != MAGIC) {
            return -1;
        }
        int length = header.getInt(at + 2);
        return length < 0 ? -1 : length;
    }

    static long index(ByteBuffer record) {
        return record.getLong(record.position() + 14);
    }

    static long term(ByteBuffer record) {
        return record.getLong(record.position() + 6);
    }

    /**
     * Checks a whole record (header and payload, from the buffer's position) against its checksum.
     *
     * @return the entry, or null when the record does not verify
     */
    static LogEntry verify(ByteBuffer record) {
        int at = record.position();
        int length = payloadLength(record);
        if (length < 0 || record.remaining() < HEADER_BYTES + length) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(record.duplicate().position(at).limit(at + CHECKED_HEADER_BYTES));
        crc.update(record.duplicate().position(at + HEADER_BYTES).limit(at + HEADER_BYTES + length));
        if ((int) crc.getValue() != record.getInt(at + CHECKED_HEADER_BYTES)) {
            return null;
        }
        byte flags = record.get(at + 1);
        byte[] command = null;
        if ((flags & NO_COMMAND) == 0) {
            command = new byte[length];
            record.duplicate().position(at + HEADER_BYTES).get(command);
        }
        LogEntry entry = command == null ? new LogEntry(term(record), null, 0, 0) : new LogEntry(term(record), command);
        return entry.internal((flags & INTERNAL) != 0);
    }
}
