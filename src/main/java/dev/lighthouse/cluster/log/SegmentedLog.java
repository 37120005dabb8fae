package dev.lighthouse.cluster.log;

import dev.lighthouse.store.OwnerOnly;
import dev.lighthouse.store.StorageHealth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * The Raft log Lighthouse keeps in {@code data.d/cluster/<name>.log/}, in
 * place of jgroups-raft's file log, which ignored short writes (a full disk
 * left an acknowledged entry torn, and the node could not start again) and
 * swallowed write errors.
 *
 * <ul>
 * <li>Entries live in {@link Segment}s, files zero-filled to their whole size
 *     before use by {@link SpareSegments}; a record is checksummed and names
 *     its index, and is read back only if it verifies.</li>
 * <li>An append that cannot be written completely throws (an
 *     {@link UncheckedIOException}) and counts nothing as appended: a leader
 *     then steps down, a follower does not acknowledge. The failure is reported
 *     to {@link StorageHealth} once, and the log recovers by itself.</li>
 * <li>Forgetting old entries deletes whole segments, so it needs no free space.</li>
 * <li>At start, a torn or zero-filled tail is cut back to the last record that
 *     verifies, and reported loudly ({@link #damage}); whether that cost a
 *     committed entry is decided by the caller, who knows what data.d holds
 *     ({@link #recordedCommitIndex}).</li>
 * <li>Term, vote and commit index are in {@link LogMeta}; the snapshot in
 *     {@link SnapshotFile}. A log written by jgroups-raft's file log is
 *     converted at the first start ({@link LegacyLog}).</li>
 * </ul>
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
    private String snapshotUnusable;
    private final List<String> damage = new ArrayList<>();
    private ByteBuffer scratch = ByteBuffer.allocateDirect(64 * 1024);

    /** @param segmentBytes the size of each segment file, and of the spare kept ready */
    public SegmentedLog(StorageHealth health, long segmentBytes) {
        this.health = health;
        this.segmentBytes = segmentBytes;
    }

    @Override
    public synchronized void init(String logName, Map<String, String> args) throws Exception {
        dir = Path.of(logName);
        OwnerOnly.directory(dir);
        deleteTemps();
        snapshot = new SnapshotFile(dir);
        spares = new SpareSegments(dir, segmentBytes, health);
        if (LegacyLog.isPresent(dir) && !Files.exists(dir.resolve(LogMeta.NAME))) {
            LegacyLog.deleteConverted(dir); // what an interrupted conversion left
            segments = Segments.open(dir, spares, this::report);
            LogMeta.State converted = LegacyLog.migrate(dir, this);
            segments.close();
            meta = LogMeta.create(dir, converted);
            LegacyLog.deleteOld(dir);
        }
        segments = Segments.open(dir, spares, this::report);
        openMeta();
        spares.start();
    }

    /** For a conversion into this still empty log: its first entry will be {@code index}. */
    void startAt(long index) {
        first = index <= 1 ? 0 : index;
        last = index - 1;
    }

    private void openMeta() throws IOException {
        LogMeta.State state;
        try {
            meta = meta != null ? meta : LogMeta.open(dir);
            if (meta == null) {
                meta = LogMeta.create(dir, new LogMeta.State(0, null, 0, 0));
            }
            state = meta.state();
        } catch (IOException e) {
            // Raft's safety rests on never voting twice in a term: start in a term past every one seen.
            long term = segments.lastTerm() + 1;
            report("its term and vote are unreadable (" + e.getMessage() + "); starting in term " + term
                    + " with no vote");
            Files.deleteIfExists(dir.resolve(LogMeta.NAME));
            meta = LogMeta.create(dir, new LogMeta.State(term, null, 0, 0));
            state = meta.state();
        }
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

    /**
     * The commit index as recorded before start-up cut the log back. When it is past
     * {@link #lastAppended}, committed entries were lost from the log: the caller decides whether
     * data.d still holds them, and refuses to start if not.
     */
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

    /**
     * Recorded without a sync, as jgroups-raft did: a lost update only means the next leader
     * commits those entries again. A failed write is reported but does not stop the commit.
     */
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

    @Override
    public synchronized void setSnapshot(ByteBuffer content) {
        try {
            snapshot.write(content);
        } catch (IOException e) {
            health.failing(StorageHealth.Part.RAFT_SNAPSHOT, e.getMessage());
            throw new UncheckedIOException("could not write the Raft snapshot in " + dir, e);
        }
        health.recovered(StorageHealth.Part.RAFT_SNAPSHOT);
    }

    /** A snapshot that does not verify is reported (once) and ignored: start-up then relies on data.d and the log. */
    @Override
    public synchronized ByteBuffer getSnapshot() {
        try {
            return snapshot.read();
        } catch (IOException e) {
            if (snapshotUnusable == null) {
                snapshotUnusable = e.getMessage();
                report("the snapshot is not usable (" + e.getMessage() + "); relying on data.d and the log instead");
            }
            return null;
        }
    }

    /**
     * Why the snapshot on disk does not verify, or null when it does (or there is none). Asked at
     * start: the snapshot is the only record of the cluster's membership before the log's first entry.
     */
    public synchronized String snapshotUnusable() {
        getSnapshot();
        return snapshotUnusable;
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
        ByteBuffer records = encode(index, entries, bytes);
        try {
            segments.append(index, records, sizes, terms, fsync);
        } catch (IOException e) {
            failing("cannot append entry " + index, e);
            throw new UncheckedIOException("could not append to the Raft log in " + dir + ": " + e.getMessage(), e);
        }
        last = index + count - 1;
        return last;
    }

    private ByteBuffer encode(long index, LogEntries entries, int bytes) {
        if (scratch.capacity() < bytes) {
            scratch = ByteBuffer.allocateDirect(Math.max(bytes, scratch.capacity() * 2));
        }
        scratch.clear();
        long at = index;
        for (LogEntry entry : entries) {
            Records.write(scratch, at++, entry);
        }
        return scratch.flip();
    }

    @Override
    public synchronized LogEntry get(long index) {
        if (index < Math.max(first, 1) || index > last) {
            return null;
        }
        try {
            LogEntry entry = segments.read(index);
            if (entry == null) {
                LOG.error("Raft log {}: entry {} does not match its checksum", dir, index);
            }
            return entry;
        } catch (IOException e) {
            LOG.error("Raft log {}: entry {} cannot be read: {}", dir, index, e.getMessage());
            return null;
        }
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

    private void deleteTemps() throws IOException {
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, "*.tmp")) {
            for (Path temp : temps) {
                Files.deleteIfExists(temp);
            }
        }
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public synchronized String toString() {
        return "SegmentedLog " + dir + ": first=" + first + ", last=" + last + ", commit="
                + (meta == null ? "?" : meta.state().commitIndex());
    }
}
