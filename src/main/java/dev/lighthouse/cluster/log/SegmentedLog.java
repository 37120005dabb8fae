package dev.lighthouse.cluster.log;

import dev.lighthouse.store.OwnerOnly;
import dev.lighthouse.store.StorageHealth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ObjLongConsumer;
import org.jgroups.Address;
import org.jgroups.protocols.raft.Log;
import org.jgroups.protocols.raft.LogEntries;
import org.jgroups.protocols.raft.LogEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft log Lighthouse keeps in {@code data.d/cluster/<name>.log/}, in place
 * of jgroups-raft's file log, which ignored short writes and swallowed write
 * errors (format and failure handling: docs/cluster.md). Entries live in
 * pre-allocated {@link Segments}; an append that cannot be written completely
 * throws an {@link UncheckedIOException} and counts for nothing, reported once
 * to {@link StorageHealth}; at start a torn tail is cut back to the last record
 * that verifies ({@link #damage}), and whether that cost a committed entry is
 * for the caller to decide, who knows what data.d holds
 * ({@link #recordedCommitIndex}). Term, vote and commit index are in
 * {@link LogMeta}, the snapshot in {@link SnapshotFile}; a log in jgroups-raft's
 * format is converted at the first start ({@link LegacyLog}).
 *
 * <p>Every method is synchronized: the Raft runner thread does almost all the
 * work, but elections and status rounds ask from their own threads.
 */
public final class SegmentedLog implements Log {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentedLog.class);
    public static final long DEFAULT_SEGMENT_BYTES = 4L * 1024 * 1024;

    private final StorageHealth health;
    private final long segmentBytes;
    private Segments segments;
    private Path dir;
    private LogMeta meta;
    private SnapshotFile snapshot;
    private SpareSegments spares;
    private boolean fsync = true;
    private long first;
    private long last;
    private long recordedCommit;
    private final List<String> damage = new ArrayList<>();
    private final RecordEncoder encoder = new RecordEncoder();

    /** @param segmentBytes the size of each segment file, and of the spare kept ready */
    public SegmentedLog(StorageHealth health, long segmentBytes) {
        this.health = health;
        this.segmentBytes = segmentBytes;
    }

    @Override
    public synchronized void init(String logName, Map<String, String> args) throws Exception {
        dir = Path.of(logName);
        OwnerOnly.directory(dir);
        LogFiles.deleteTemps(dir);
        snapshot = new SnapshotFile(dir);
        spares = new SpareSegments(dir, segmentBytes, health);
        if (LegacyLog.isPresent(dir) && !Files.exists(dir.resolve(LogMeta.NAME))) {
            meta = LegacyLog.convert(dir, this);
        }
        segments = Segments.open(dir, spares, this::report);
        openMeta();
        spares.start();
    }

    /** For a conversion: opens this log's (empty) segments, whose first entry will be {@code index}. */
    void startEmptyAt(long index) throws IOException {
        segments = Segments.open(dir, spares, this::report);
        first = index <= 1 ? 0 : index;
        last = index - 1;
    }

    /** For a conversion: closes the segments it wrote, to be read back as any log's are. */
    void endConversion() {
        segments.close();
    }

    private void openMeta() throws IOException {
        meta = meta != null ? meta : LogMeta.openOrBegin(dir, segments.lastTerm(), this::report);
        LogMeta.State state = meta.state();
        long segmentsFirst = segments.firstIndex();
        first = Math.max(state.firstIndex(), segmentsFirst <= 1 ? 0 : segmentsFirst);
        last = segments.isEmpty() ? first : Math.max(first, segments.lastIndex());
        recordedCommit = state.commitIndex();
        if (recordedCommit > last) {
            meta.write(state.withCommitIndex(last).withFirstIndex(first));
        }
    }

    private void report(String problem) {
        damage.add(problem);
        LOG.warn("Raft log {}: {}", dir, problem);
    }

    public synchronized Path directory() {
        return dir;
    }

    /** What start-up found wrong with the log (empty when nothing): each fault and what was cut. */
    public synchronized List<String> damage() {
        return List.copyOf(damage);
    }

    /** The commit index recorded before start-up cut the log back: past {@link #lastAppended}, entries were lost. */
    public synchronized long recordedCommitIndex() {
        return recordedCommit;
    }

    @Override
    public synchronized Log useFsync(boolean value) {
        fsync = value;
        return this;
    }

    @Override
    public synchronized boolean useFsync() {
        return fsync;
    }

    @Override
    public synchronized void delete() throws Exception {
        segments.clear();
        close();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(dir);
    }

    @Override
    public synchronized long currentTerm() {
        return meta.state().term();
    }

    @Override
    public synchronized Log currentTerm(long term) {
        writeDurably(meta.state().withTerm(term));
        return this;
    }

    @Override
    public synchronized Address votedFor() {
        return meta.state().votedFor();
    }

    @Override
    public synchronized Log votedFor(Address member) {
        writeDurably(meta.state().withVote(member));
        return this;
    }

    private void writeDurably(LogMeta.State state) {
        try {
            meta.writeDurably(state);
        } catch (IOException e) {
            failing("cannot record the term and vote", e);
            throw new UncheckedIOException("could not record the Raft term and vote in " + dir, e);
        }
    }

    @Override
    public synchronized long commitIndex() {
        return meta.state().commitIndex();
    }

    /** Not synced: a lost update only means the next leader commits those entries again. Failures are reported. */
    @Override
    public synchronized Log commitIndex(long index) {
        writeMeta(meta.state().withCommitIndex(index));
        return this;
    }

    private void writeMeta(LogMeta.State state) {
        try {
            meta.write(state);
        } catch (IOException e) {
            failing("cannot record the commit index", e);
        }
    }

    /** Reports the log failing; making a fresh spare tells when the disk takes writes again. */
    private void failing(String what, IOException e) {
        health.failing(StorageHealth.Part.RAFT_LOG, what + ": " + e.getMessage());
        spares.probe();
    }

    @Override
    public synchronized long firstAppended() {
        return first;
    }

    @Override
    public synchronized long lastAppended() {
        return last;
    }

    /** @throws UncheckedIOException when it cannot be written (the previous one stays) */
    @Override
    public synchronized void setSnapshot(ByteBuffer content) {
        snapshot.write(content, health);
    }

    /** A snapshot that does not verify is reported (once) and ignored: start-up then relies on data.d and the log. */
    @Override
    public synchronized ByteBuffer getSnapshot() {
        return snapshot.readOrNull(this::report);
    }

    /** Why the snapshot does not verify, or null: it alone holds the membership before the log's first entry. */
    public synchronized String snapshotUnusable() {
        return snapshot.unusable(this::report);
    }

    /**
     * Appends {@code entries} at {@code index} (replacing any entries from there on), synced when
     * fsync is on.
     *
     * @throws UncheckedIOException when they cannot all be written; none of them then counts as appended
     */
    @Override
    public synchronized long append(long index, LogEntries entries) {
        if (index <= last) {
            deleteAllEntriesStartingFrom(index);
        }
        if (index != last + 1) {
            throw new IllegalStateException("cannot append entry " + index + " after entry " + last);
        }
        RecordEncoder.Batch batch = encoder.encode(index, entries);
        try {
            segments.append(index, batch.records(), batch.sizes(), batch.terms(), fsync);
        } catch (IOException e) {
            failing("cannot append entry " + index, e);
            throw new UncheckedIOException("could not append to the Raft log in " + dir + ": " + e.getMessage(), e);
        }
        last = index + entries.size() - 1;
        return last;
    }

    @Override
    public synchronized LogEntry get(long index) {
        if (index < Math.max(first, 1) || index > last) {
            return null;
        }
        return segments.readOrNull(index);
    }

    /** Forgets the entries before {@code indexExclusive} (never past the commit index): whole segments are deleted. */
    @Override
    public synchronized void truncate(long indexExclusive) {
        long upTo = Math.min(indexExclusive, commitIndex());
        if (upTo <= first) {
            return;
        }
        try {
            segments.dropBefore(upTo);
        } catch (IOException e) {
            LOG.warn("Raft log {}: could not delete a segment before entry {}: {}", dir, upTo, e.getMessage());
        }
        first = upTo;
        last = Math.max(last, first);
        writeMeta(meta.state().withFirstIndex(first));
    }

    @Override
    public synchronized void reinitializeTo(long index, LogEntry entry) throws Exception {
        segments.clear();
        first = index;
        last = index - 1;
        append(index, new LogEntries().add(entry));
        LogMeta.State state = meta.state();
        writeDurably(state.withTerm(Math.max(state.term(), entry.term())).withCommitIndex(index).withFirstIndex(index));
    }

    @Override
    public synchronized void deleteAllEntriesStartingFrom(long startIndex) {
        if (startIndex > last) {
            return;
        }
        try {
            segments.truncateFrom(startIndex);
        } catch (IOException e) {
            failing("cannot remove entries from " + startIndex, e);
            throw new UncheckedIOException("could not remove Raft log entries from " + startIndex, e);
        }
        last = startIndex - 1;
    }

    @Override
    public synchronized void forEach(ObjLongConsumer<LogEntry> function, long startIndex, long endIndex) {
        long to = Math.min(endIndex, last);
        for (long i = Math.max(startIndex, Math.max(first, 1)); i <= to; i++) {
            LogEntry entry = get(i);
            if (entry == null) {
                return;
            }
            function.accept(entry, i);
        }
    }

    @Override
    public synchronized void forEach(ObjLongConsumer<LogEntry> function) {
        forEach(function, firstAppended(), lastAppended());
    }

    @Override
    public synchronized long sizeInBytes() {
        return segments.usedBytes();
    }

    @Override
    public synchronized void close() {
        if (spares != null) {
            spares.close();
        }
        if (segments != null) {
            segments.close();
        }
        try {
            if (meta != null) {
                meta.close();
            }
        } catch (IOException e) {
            // the last commit index may be lost: the next leader commits those entries again
        }
    }

    @Override
    public synchronized String toString() {
        return "SegmentedLog " + dir + ": first=" + first + ", last=" + last + ", commit="
                + (meta == null ? "?" : meta.state().commitIndex());
    }
}
