package dev.lighthouse.store;

import dev.lighthouse.tree.PatchOp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage of versions in data.d. Each version is one file: the whole
 * document when it is small or the change is large, otherwise a delta from
 * the previous version, so a commit writes bytes in proportion to its change.
 * A {@link Housekeeper} later rewrites the oldest retained version as a full
 * file and deletes files nobody needs, both off the commit path.
 *
 * <p>A new version's file is written without waiting for the disk: the Raft
 * log already holds the command that made it, durably, and start-up replays
 * whatever data.d lost. A background thread syncs the files once the kernel
 * has written them back ({@link BackgroundSync}), and the log is truncated only
 * up to {@link #durableIndex}. The commit path pays one sync, the log's.
 *
 * <p>{@link #persist} is called by the single applier thread only.
 */
public final class VersionStore implements Durability, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VersionStore.class);

    /** Documents up to this size are written whole every time: simplest to read, cheap to write. */
    static final long INLINE_FULL_LIMIT = 64 * 1024;
    private static final long FIRST_RETRY_MILLIS = 50;
    private static final long LAST_RETRY_MILLIS = 1000;
    /** Caps the delta chain start-up replays when --retain is very large. */
    private static final int MAX_COMPACTION_INTERVAL = 1000;

    private final DataDir dir;
    private final ConcurrentSkipListMap<Long, StoredFile> files = new ConcurrentSkipListMap<>();
    private final Housekeeper housekeeper;
    private final BackgroundSync syncer;
    private final HookFile hookFile;
    private final StorageHealth health;
    /** Counted down at close: a writer waiting to retry a failed write stops waiting. */
    private final java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);
    /** The part whose write the writer is retrying, or null; touched by the writer thread only. */
    private StorageHealth.Part writerFailing;
    /** Writes version files off the applier thread; see {@link #onWriter}. */
    private final ExecutorService writer =
            Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "lighthouse-writer");
                t.setDaemon(true);
                return t;
            });

    private VersionStore(DataDir dir, int retain, StorageHealth health) {
        this.dir = dir;
        this.health = health;
        this.hookFile = new HookFile(dir.path());
        this.housekeeper = new Housekeeper(dir, files, Math.min(Math.max(1, retain), MAX_COMPACTION_INTERVAL));
        this.syncer = new BackgroundSync(dir, BackgroundSync.SETTLE_NANOS, health);
    }

    /**
     * Opens data.d and recovers its versions; see {@link Recovered}.
     *
     * @param health told when a file cannot be written, and when it can again
     */
    public static Recovered open(Path path, int retain, StorageHealth health) throws IOException {
        DataDir dir = DataDir.open(path);
        Recovery.Result result = Recovery.load(dir, retain);
        VersionStore store = new VersionStore(dir, retain, health);
        store.files.putAll(result.files());
        store.housekeeper.start();
        store.syncLoaded(result);
        store.syncer.start();
        store.housekeeper.afterCommit(result.versions().get(0));
        return new Recovered(store, VersionHistory.of(result.versions()), store.hookFile.read(), result.problems());
    }

    /**
     * The files loaded were written by an earlier run, perhaps just before a crash: they count as
     * durable (and the Raft log may forget their commands) only once synced here.
     */
    private void syncLoaded(Recovery.Result loaded) {
        java.util.Map<Long, Long> indexOfSeq = new java.util.HashMap<>();
        for (Version version : loaded.versions()) {
            indexOfSeq.put(version.seq(), version.index());
        }
        for (StoredFile file : loaded.files().values()) {
            syncer.submit(file.path(), indexOfSeq.getOrDefault(file.seq(), 0L));
        }
    }

    /** The outcome of opening data.d: the store, the retained history, the hooks and what was set aside. */
    public record Recovered(VersionStore store, VersionHistory history, HookSet hooks, List<String> problems) {
    }

    /**
     * Replaces data.d's hook file, on the writer thread in commit order (see {@link #onWriter}):
     * no version file after a hook command is written before the hook file that reflects it, so
     * start-up, which replays the log after data.d's newest version, never skips a hook command
     * whose file was lost.
     */
    public void persistHooks(HookSet hooks) {
        onWriter(StorageHealth.Part.HOOKS, "hooks.json as of log index " + hooks.index(), () -> hookFile.write(hooks));
    }

    /**
     * Writes {@code next}; durable once {@link #durableIndex} reaches its index. A file already there for the
     * same seq (from before this node joined its cluster, or one data.d disagreed on) is set aside.
     *
     * @param patch          the change from {@code previous} to {@code next}
     * @param oldestRetained the oldest version the history keeps once {@code next} is in it
     * @param whole          write the whole document whatever its size
     * Asynchronous: the file is written on the writer thread, in order (see {@link #onWriter}).
     */
    public void persist(Version next, Version previous, List<PatchOp> patch, Version oldestRetained, boolean whole) {
        onWriter(StorageHealth.Part.VERSION_FILES, "version " + next.seq(),
                () -> write(next, previous, patch, oldestRetained, whole));
    }

    private void write(Version next, Version previous, List<PatchOp> patch, Version oldestRetained, boolean whole) {
        long documentBytes = next.root().approxSize();
        boolean full = whole || documentBytes <= INLINE_FULL_LIMIT
                || estimateBytes(patch) * 2 >= documentBytes
                || !files.containsKey(previous.seq());
        StoredFile replaced = files.get(next.seq());
        if (replaced != null) {
            setAside(replaced, "superseded");
        }
        Path written = dir.writeUnsynced(full ? VersionFile.full(next) : VersionFile.delta(next, previous, patch));
        syncer.submit(written, next.index());
        files.put(next.seq(), new StoredFile(next.seq(), written, full));
        housekeeper.afterCommit(oldestRetained);
    }

    /**
     * Runs {@code work} on the writer thread after every file asked for so far: for what follows a
     * commit but need not delay it (its audit line, whose formatting and console write were a
     * sixth of the Raft runner's time per commit).
     */
    public void afterWrites(String what, Runnable work) {
        onWriter(StorageHealth.Part.VERSION_FILES, what, work);
    }

    /**
     * Runs file work on the writer thread, in the order it was asked for. What it writes is
     * already committed (the Raft log holds it, fsync'd) and served from memory. A write that
     * fails (a full disk) is retried until it succeeds, and the files after it wait: they are
     * written in order, the log keeps their commands meanwhile (it is truncated only as far as
     * data.d is durable), and {@link StorageHealth} has the node refuse new writes until then.
     */
    private void onWriter(StorageHealth.Part part, String what, Runnable work) {
        writer.execute(() -> untilWritten(part, what, work));
    }

    private void untilWritten(StorageHealth.Part part, String what, Runnable work) {
        long pauseMillis = FIRST_RETRY_MILLIS;
        while (true) {
            try {
                work.run();
                if (writerFailing != null) {
                    health.recovered(writerFailing);
                    writerFailing = null;
                }
                return;
            } catch (java.io.UncheckedIOException e) {
                writerFailing = part;
                health.failing(part, what + ": " + e.getMessage());
                if (awaitClosing(pauseMillis)) {
                    LOG.warn("data.d: {} not written before stopping ({}); the Raft log keeps its command and the"
                            + " next start writes it", what, e.getMessage());
                    return;
                }
                pauseMillis = Math.min(pauseMillis * 2, LAST_RETRY_MILLIS);
            } catch (RuntimeException e) {
                LOG.error("data.d: {} failed ({}); the Raft log keeps its command and the next start writes it",
                        what, e.toString());
                return;
            }
        }
    }

    /** @return true once the store is closing (at once when it already is) */
    private boolean awaitClosing(long millis) {
        try {
            return closing.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Returns once every file asked for so far has been written (not synced). */
    private void drainWriter() {
        try {
            writer.submit(() -> { }).get();
        } catch (RejectedExecutionException e) {
            // closed: nothing more will be written
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void syncWritten() {
        drainWriter();
        syncer.awaitSynced();
    }

    @Override
    public long durableIndex() {
        return syncer.durableIndex();
    }

    /**
     * Sets aside the files of versions {@code fromSeq} and newer: data.d content that the cluster's
     * agreed history replaces. Kept under a suffix for people to inspect, never loaded again.
     */
    public void setAsideFrom(long fromSeq, String suffix) {
        onWriter(StorageHealth.Part.VERSION_FILES, "setting aside versions from " + fromSeq, () -> {
            for (StoredFile file : List.copyOf(files.tailMap(fromSeq, true).values())) {
                setAside(file, suffix);
            }
        });
    }

    private void setAside(StoredFile file, String suffix) {
        try {
            dir.setAside(file.path(), suffix);
            files.remove(file.seq(), file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not set aside " + file.path().getFileName(), e);
        }
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
        drainWriter();
        housekeeper.awaitIdle();
    }

    public long diskBytes() {
        return dir.sizeBytes();
    }

    @Override
    public void close() {
        closing.countDown();
        writer.shutdown();
        try {
            writer.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        housekeeper.close();
        try {
            syncer.awaitSynced(); // a clean stop leaves every version durable, not only in the log
        } catch (java.io.UncheckedIOException e) {
            // reported by the syncer; the Raft log still holds these versions' commands
        }
        syncer.close();
        dir.close();
    }
}
