package dev.lighthouse.cluster.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.jgroups.protocols.raft.LogEntry;

/**
 * One file of the Raft log: consecutive entries from {@link #firstIndex}, each
 * a checksummed record ({@link Records}), in a file that was filled with zeros
 * to its whole size before its first entry ({@link SpareSegments}). Appending
 * therefore never grows the file: a full disk shows when a segment is made,
 * never halfway through an entry, and an append's sync is a data-only sync.
 *
 * <p>Invariant: every byte past {@link #tail} is zero. Whatever removes
 * entries or finds a torn one zeroes the space after the last good record, so
 * a later scan can never mistake old records for new ones.
 *
 * <p>Not thread-safe: {@link SegmentedLog} serialises every call.
 */
final class Segment implements AutoCloseable {

    static final int HEADER_BYTES = 24;
    private static final long MAGIC = 0x4c48524c4f473031L; // "LHRLOG01"
    private static final int ZEROS = 64 * 1024;

    private final Path path;
    private final FileChannel channel;
    private final long firstIndex;
    private final long capacity;
    private int[] offsets = new int[256];
    private int count;
    private long tail = HEADER_BYTES;
    private long lastTerm;

    private Segment(Path path, FileChannel channel, long firstIndex, long capacity) {
        this.path = path;
        this.channel = channel;
        this.firstIndex = firstIndex;
        this.capacity = capacity;
    }

    /**
     * Makes a zero-filled file of {@code capacity} bytes the segment starting at {@code firstIndex}:
     * writes and syncs its header, then renames it to {@code target}. The caller syncs the directory.
     */
    static Segment adopt(Path zeroFilled, Path target, long firstIndex) throws IOException {
        FileChannel channel = FileChannel.open(zeroFilled, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            ByteBuffer header = header(firstIndex);
            writeFully(channel, header, 0);
            channel.force(false);
            Files.move(zeroFilled, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new Segment(target, channel, firstIndex, channel.size());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** What reading a segment at start found. */
    record Scan(Segment segment, String damage) {
    }

    /**
     * Reads a segment at start, verifying every record up to the first that does not verify. A
     * record that fails (torn by a crash, flipped, out of sequence) ends the segment there: the
     * space from it to the end is zeroed, and {@link Scan#damage} says what was found.
     *
     * @throws IOException also when the file's own header does not verify (nothing in it can be trusted)
     */
    static Scan open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long size = channel.size();
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            readFully(channel, header, 0);
            header.flip();
            if (size < HEADER_BYTES || !header.equals(header(header.getLong(8)))) {
                throw new IOException("its header does not verify");
            }
            Segment segment = new Segment(path, channel, header.getLong(8), size);
            String damage = segment.scan();
            if (damage != null) {
                segment.zeroFrom(segment.tail, size);
            }
            return new Scan(segment, damage);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private String scan() throws IOException {
        ByteBuffer content = ByteBuffer.allocate((int) Math.min(capacity, Integer.MAX_VALUE));
        readFully(channel, content, 0);
        content.flip();
        int at = HEADER_BYTES;
        while (at + Records.HEADER_BYTES <= content.limit()) {
            ByteBuffer record = content.duplicate().position(at);
            if (Records.isEmpty(record.duplicate().limit(at + Records.HEADER_BYTES))) {
                return null;
            }
            int length = Records.payloadLength(record);
            if (length < 0 || at + (long) Records.HEADER_BYTES + length > content.limit()) {
                return "no valid record at byte " + at;
            }
            record.limit(at + Records.HEADER_BYTES + length);
            LogEntry entry = Records.verify(record);
            long expected = firstIndex + count;
            if (entry == null) {
                return "the record of entry " + expected + " at byte " + at + " does not match its checksum";
            }
            if (Records.index(record) != expected || entry.term() < lastTerm) {
                return "the record at byte " + at + " is entry " + Records.index(record) + " of term " + entry.term()
                        + " where entry " + expected + " (term " + lastTerm + " or later) belongs";
            }
            remember(at, Records.HEADER_BYTES + length, entry.term());
            at += Records.HEADER_BYTES + length;
        }
        return null;
    }

    long firstIndex() {
        return firstIndex;
    }

    /** The index of the last entry, or {@code firstIndex - 1} when there is none. */
    long lastIndex() {
        return firstIndex + count - 1;
    }

    int count() {
        return count;
    }

    long lastTerm() {
        return lastTerm;
    }

    Path path() {
        return path;
    }

    /** Bytes the records take (the header excluded). */
    long usedBytes() {
        return tail - HEADER_BYTES;
    }

    long remaining() {
        return capacity - tail;
    }

    /**
     * Writes records for entries {@code lastIndex()+1 ...} (already encoded, in order) and syncs
     * them when asked. On failure nothing is recorded as appended, and the bytes that did reach
     * the file are zeroed again when possible (a later scan would refuse them anyway).
     *
     * @param sizes each record's size, in order
     * @param terms each record's term, in order
     */
    void append(ByteBuffer records, int[] sizes, long[] terms, boolean sync) throws IOException {
        int bytes = records.remaining();
        if (bytes > remaining()) {
            throw new IllegalStateException("segment " + path.getFileName() + " has " + remaining() + " bytes left, not "
                    + bytes);
        }
        try {
            writeFully(channel, records, tail);
            if (sync) {
                channel.force(false);
            }
        } catch (IOException e) {
            try {
                zeroFrom(tail, tail + bytes);
            } catch (IOException ignored) {
                // a scan at start stops at the torn record all the same
            }
            throw e;
        }
        long at = tail;
        for (int i = 0; i < sizes.length; i++) {
            remember((int) at, sizes[i], terms[i]);
            at += sizes[i];
        }
    }

    /** @return the entry at {@code index}, or null when it is not here or does not verify */
    LogEntry read(long index) throws IOException {
        if (index < firstIndex || index > lastIndex()) {
            return null;
        }
        int i = (int) (index - firstIndex);
        int start = offsets[i];
        long end = i + 1 < count ? offsets[i + 1] : tail;
        ByteBuffer record = ByteBuffer.allocate((int) (end - start));
        readFully(channel, record, start);
        record.flip();
        return Records.index(record) == index ? Records.verify(record) : null;
    }

    /** Removes the entries from {@code index} on, zeroing their records durably. */
    void truncateFrom(long index) throws IOException {
        if (count == 0 || index > lastIndex()) {
            return;
        }
        int keep = (int) Math.max(0, index - firstIndex);
        long from = offsets[keep];
        zeroFrom(from, tail);
        channel.force(false);
        count = keep;
        tail = from;
        lastTerm = keep == 0 ? 0 : termAt(keep - 1);
    }

    private long termAt(int i) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(Records.HEADER_BYTES);
        readFully(channel, header, offsets[i]);
        header.flip();
        return Records.term(header);
    }

    private void remember(int offset, int size, long term) {
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        offsets[count++] = offset;
        tail = offset + (long) size;
        lastTerm = term;
    }

    private void zeroFrom(long from, long to) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(ZEROS);
        long at = from;
        while (at < to) {
            zeros.clear().limit((int) Math.min(ZEROS, to - at));
            at += writeFully(channel, zeros, at);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    void delete() throws IOException {
        close();
        Files.deleteIfExists(path);
    }

    private static ByteBuffer header(long firstIndex) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).putLong(MAGIC).putLong(firstIndex);
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, 16);
        header.putInt((int) crc.getValue()).putInt(0);
        return header.flip();
    }

    static int writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        int written = 0;
        while (buffer.hasRemaining()) {
            written += channel.write(buffer, position + written);
        }
        return written;
    }

    static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                return;
            }
            at += read;
        }
    }
}
