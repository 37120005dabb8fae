package dev.lighthouse.cluster.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jgroups.protocols.raft.LogEntry;

/**
 * The log's segment files in index order, each continuing where the one before
 * ends: reading them at start (keeping the longest run that verifies), adding
 * segments as the log grows, and removing whole segments from either end.
 * Not thread-safe: {@link SegmentedLog} serialises every call.
 */
final class Segments implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Segments.class);
    private static final String SUFFIX = ".seg";

    private final Path dir;
    private final SpareSegments spares;
    private final NavigableMap<Long, Segment> byFirstIndex = new TreeMap<>();

    private Segments(Path dir, SpareSegments spares) {
        this.dir = dir;
        this.spares = spares;
    }

    /**
     * Reads every segment, verifying each record, and keeps the longest run of entries that
     * verifies from the start; what follows the first fault is set aside as {@code *.damaged}.
     *
     * @param report told of each fault found and what was cut
     */
    static Segments open(Path dir, SpareSegments spares, Consumer<String> report) throws IOException {
        Segments segments = new Segments(dir, spares);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            found.forEach(files::add);
        }
        files.sort(null);
        long expected = -1;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            Segment.Scan scan;
            try {
                scan = Segment.open(file);
            } catch (IOException e) {
                report.accept(file.getFileName() + " is unreadable: " + e.getMessage());
                setAside(files.subList(i, files.size()), report);
                break;
            }
            Segment segment = scan.segment();
            if (expected >= 0 && segment.firstIndex() != expected) {
                report.accept(file.getFileName() + " starts at entry " + segment.firstIndex() + " where entry "
                        + expected + " belongs");
                segment.close();
                setAside(files.subList(i, files.size()), report);
                break;
            }
            segments.byFirstIndex.put(segment.firstIndex(), segment);
            if (scan.damage() != null) {
                report.accept(file.getFileName() + ": " + scan.damage() + "; the log is cut back to entry "
                        + segment.lastIndex() + ", the last that verifies");
                setAside(files.subList(i + 1, files.size()), report);
                break;
            }
            expected = segment.lastIndex() + 1;
        }
        return segments;
    }

    private static void setAside(List<Path> files, Consumer<String> report) throws IOException {
        for (Path file : files) {
            Path aside = file.resolveSibling(file.getFileName() + ".damaged");
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            report.accept("set aside " + file.getFileName() + " as " + aside.getFileName());
        }
    }

    boolean isEmpty() {
        return byFirstIndex.isEmpty();
    }

    /** The first entry's index in the oldest segment, or 0 when there is none. */
    long firstIndex() {
        return byFirstIndex.isEmpty() ? 0 : byFirstIndex.firstKey();
    }

    /** The last entry's index, or -1 when there are no segments. */
    long lastIndex() {
        return byFirstIndex.isEmpty() ? -1 : byFirstIndex.lastEntry().getValue().lastIndex();
    }

    /** The term of the newest entry, 0 when there is none. */
    long lastTerm() {
        return byFirstIndex.isEmpty() ? 0 : byFirstIndex.lastEntry().getValue().lastTerm();
    }

    long usedBytes() {
        long bytes = 0;
        for (Segment segment : byFirstIndex.values()) {
            bytes += segment.usedBytes();
        }
        return bytes;
    }

    /** Appends encoded records for entries from {@code index} on, starting a segment when the newest is too full. */
    void append(long index, ByteBuffer records, int[] sizes, long[] terms, boolean sync) throws IOException {
        withRoomFor(index, records.remaining()).append(records, sizes, terms, sync);
    }

    private Segment withRoomFor(long index, int bytes) throws IOException {
        Map.Entry<Long, Segment> newest = byFirstIndex.lastEntry();
        if (newest != null && newest.getValue().remaining() >= bytes) {
            return newest.getValue();
        }
        if (newest != null && newest.getValue().count() == 0) {
            // empty, and too small for this batch: made again at the size it needs
            byFirstIndex.remove(newest.getKey()).delete();
        }
        Path file = spares.take(bytes);
        Segment segment;
        try {
            segment = Segment.adopt(file, dir.resolve(name(index)), index);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        byFirstIndex.put(index, segment);
        LogFiles.syncDirectory(dir);
        return segment;
    }

    private static String name(long firstIndex) {
        String digits = Long.toString(firstIndex);
        return "0".repeat(Math.max(0, 20 - digits.length())) + digits + SUFFIX;
    }

    /** @return the entry, or null (logged) when no segment holds it, or its record cannot be read or does not verify */
    LogEntry readOrNull(long index) {
        Map.Entry<Long, Segment> holder = byFirstIndex.floorEntry(index);
        try {
            LogEntry entry = holder == null ? null : holder.getValue().read(index);
            if (entry == null) {
                LOG.error("Raft log {}: entry {} is missing or does not match its checksum", dir, index);
            }
            return entry;
        } catch (IOException e) {
            LOG.error("Raft log {}: entry {} cannot be read: {}", dir, index, e.getMessage());
            return null;
        }
    }

    /** Deletes the segments that hold only entries before {@code index}; needs no free space. */
    void dropBefore(long index) throws IOException {
        while (byFirstIndex.size() > 1 && byFirstIndex.higherKey(byFirstIndex.firstKey()) <= index) {
            byFirstIndex.remove(byFirstIndex.firstKey()).delete();
        }
    }

    /** Removes the entries from {@code index} on, durably: later segments first, then the rest of this one. */
    void truncateFrom(long index) throws IOException {
        // Later segments go first, so that a crash can never bring their entries back behind a
        // shorter segment that a new entry of the same index then follows.
        boolean deleted = false;
        while (byFirstIndex.size() > 1 && byFirstIndex.lastKey() >= index) {
            byFirstIndex.remove(byFirstIndex.lastKey()).delete();
            deleted = true;
        }
        if (deleted) {
            LogFiles.syncDirectory(dir);
        }
        if (!byFirstIndex.isEmpty()) {
            byFirstIndex.lastEntry().getValue().truncateFrom(index);
        }
    }

    /** Deletes every segment, durably. */
    void clear() throws IOException {
        for (Segment segment : byFirstIndex.values()) {
            segment.delete();
        }
        byFirstIndex.clear();
        LogFiles.syncDirectory(dir);
    }

    @Override
    public void close() {
        for (Segment segment : byFirstIndex.values()) {
            try {
                segment.close();
            } catch (IOException e) {
                // nothing is pending: every append was written (and synced) when it returned
            }
        }
        byFirstIndex.clear();
    }
}
