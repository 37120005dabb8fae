package dev.lighthouse.store;

import dev.lighthouse.tree.PatchOp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Durable storage of versions in data.d. Each version is one file: the whole
 * document when it is small or the change is large, otherwise a delta from
 * the previous version, so a commit writes bytes in proportion to its change.
 * A {@link Housekeeper} later rewrites the oldest retained version as a full
 * file and deletes files nobody needs, both off the commit path.
 *
 * <p>{@link #persist} is called by the single applier thread only.
 */
public final class VersionStore implements AutoCloseable {

    /** Documents up to this size are written whole every time: simplest to read, cheap to write. */
    static final long INLINE_FULL_LIMIT = 64 * 1024;
    /** Caps the delta chain start-up replays when --retain is very large. */
    private static final int MAX_COMPACTION_INTERVAL = 1000;

    private final DataDir dir;
    private final ConcurrentSkipListMap<Long, StoredFile> files = new ConcurrentSkipListMap<>();
    private final Housekeeper housekeeper;

    private VersionStore(DataDir dir, int retain) {
        this.dir = dir;
        this.housekeeper = new Housekeeper(dir, files, Math.min(Math.max(1, retain), MAX_COMPACTION_INTERVAL));
    }

    /** Opens data.d and recovers its versions; see {@link Recovered}. */
    public static Recovered open(Path path, int retain) throws IOException {
        DataDir dir = DataDir.open(path);
        Recovery.Result result = Recovery.load(dir, retain);
        VersionStore store = new VersionStore(dir, retain);
        store.files.putAll(result.files());
        store.housekeeper.start();
        store.housekeeper.afterCommit(result.versions().get(0));
        return new Recovered(store, VersionHistory.of(result.versions()), result.problems());
    }

    /** The outcome of opening data.d: the store, the retained history and what was set aside. */
    public record Recovered(VersionStore store, VersionHistory history, List<String> problems) {
    }

    /**
     * Writes {@code next} durably: when this returns the file's data and its
     * directory entry are on disk.
     *
     * @param patch          the change from {@code previous} to {@code next}
     * @param oldestRetained the oldest version the history keeps once {@code next} is in it
     * @throws java.io.UncheckedIOException when the file cannot be written; nothing is recorded then
     */
    public void persist(Version next, Version previous, List<PatchOp> patch, Version oldestRetained) {
        long documentBytes = next.root().approxSize();
        boolean full = documentBytes <= INLINE_FULL_LIMIT
                || estimateBytes(patch) * 2 >= documentBytes
                || !files.containsKey(previous.seq());
        Path written = dir.write(full ? VersionFile.full(next) : VersionFile.delta(next, previous, patch));
        files.put(next.seq(), new StoredFile(next.seq(), written, full));
        housekeeper.afterCommit(oldestRetained);
    }

    private static long estimateBytes(List<PatchOp> patch) {
        long bytes = 0;
        for (PatchOp op : patch) {
            bytes += 32 + (op.value() == null ? 0 : op.value().approxSize());
        }
        return bytes;
    }

    /** For tests: waits for background compaction and pruning to settle. */
    void awaitHousekeeping() {
        housekeeper.awaitIdle();
    }

    public long diskBytes() {
        return dir.sizeBytes();
    }

    @Override
    public void close() {
        housekeeper.close();
        dir.close();
    }
}
