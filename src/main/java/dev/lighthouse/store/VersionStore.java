package dev.lighthouse.store;

import dev.lighthouse.tree.PatchOp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable storage of versions in data.d. Each version is one file: the whole
 * document when it is small or the change is large, otherwise a delta from
 * the previous version, so a commit writes bytes in proportion to its change.
 * A {@link Compactor} later rewrites some delta files as full ones, bounding
 * the chain that start-up replays; retention deletes files older than the
 * newest full file the retained versions still need.
 *
 * <p>{@link #persist} is called by the single applier thread only.
 */
public final class VersionStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VersionStore.class);

    /** Documents up to this size are written whole every time: simplest to read, cheap to write. */
    static final long INLINE_FULL_LIMIT = 64 * 1024;

    private final DataDir dir;
    private final int retain;
    private final Map<Long, StoredFile> files = new ConcurrentSkipListMap<>();
    private final Compactor compactor;
    private long deltasSinceFull;
    private long deltaBytesSinceFull;

    private VersionStore(DataDir dir, int retain) {
        this.dir = dir;
        this.retain = Math.max(1, retain);
        this.compactor = new Compactor(dir, files);
    }

    /** Opens data.d and recovers its versions; see {@link Recovered}. */
    public static Recovered open(Path path, int retain) throws IOException {
        DataDir dir = DataDir.open(path);
        Recovery.Result result = Recovery.load(dir, retain);
        VersionStore store = new VersionStore(dir, retain);
        store.files.putAll(result.files());
        store.prune(result.versions().get(result.versions().size() - 1).seq());
        store.compactor.start();
        return new Recovered(store, VersionHistory.of(result.versions()), result.problems());
    }

    /** The outcome of opening data.d: the store, the retained history and what was set aside. */
    public record Recovered(VersionStore store, VersionHistory history, List<String> problems) {
    }

    /**
     * Writes {@code next} durably: when this returns the file and its directory
     * entry are fsync'd.
     *
     * @param patch the change from {@code previous} to {@code next}
     * @throws java.io.UncheckedIOException when the file cannot be written; nothing is recorded then
     */
    public void persist(Version next, Version previous, List<PatchOp> patch) {
        long deltaBytes = estimateBytes(patch);
        long documentBytes = next.root().approxSize();
        boolean full = documentBytes <= INLINE_FULL_LIMIT
                || deltaBytes * 2 >= documentBytes
                || !files.containsKey(previous.seq());
        VersionFile file = full ? VersionFile.full(next) : VersionFile.delta(next, previous, patch);
        Path written = dir.write(file);
        files.put(next.seq(), new StoredFile(next.seq(), written, full));
        if (full) {
            deltasSinceFull = 0;
            deltaBytesSinceFull = 0;
        } else {
            deltasSinceFull++;
            deltaBytesSinceFull += deltaBytes;
            if (deltasSinceFull >= retain || deltaBytesSinceFull >= documentBytes) {
                compactor.request(next);
                deltasSinceFull = 0;
                deltaBytesSinceFull = 0;
            }
        }
        prune(next.seq());
    }

    /** Deletes files older than the newest full file that the oldest retained version can be rebuilt from. */
    private void prune(long newestSeq) {
        long oldestRetained = newestSeq - retain + 1;
        Long anchor = null;
        for (StoredFile file : ((ConcurrentSkipListMap<Long, StoredFile>) files).headMap(oldestRetained, true)
                .descendingMap().values()) {
            if (file.full()) {
                anchor = file.seq();
                break;
            }
        }
        if (anchor == null) {
            return;
        }
        for (StoredFile old : ((ConcurrentSkipListMap<Long, StoredFile>) files).headMap(anchor, false).values()) {
            try {
                dir.delete(old.path());
                files.remove(old.seq());
            } catch (IOException e) {
                LOG.warn("could not delete old version file {}: {}", old.path(), e.getMessage());
            }
        }
    }

    private static long estimateBytes(List<PatchOp> patch) {
        long bytes = 0;
        for (PatchOp op : patch) {
            bytes += 32 + (op.value() == null ? 0 : op.value().approxSize());
        }
        return bytes;
    }

    /** For tests: waits for background compaction to settle. */
    void awaitCompaction() {
        compactor.awaitIdle();
    }

    public long diskBytes() {
        return dir.sizeBytes();
    }

    public Path path() {
        return dir.path();
    }

    @Override
    public void close() {
        compactor.close();
    }
}
