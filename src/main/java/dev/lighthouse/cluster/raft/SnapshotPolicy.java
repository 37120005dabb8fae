package dev.lighthouse.cluster.raft;

import dev.lighthouse.store.Durability;
import dev.lighthouse.store.StorageHealth;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the Raft log is snapshotted, and how far a snapshot may truncate it.
 *
 * <p>The log may only forget entries whose version files are durable in data.d
 * (start-up replays the rest from the log), so a snapshot taken just after a
 * commit keeps that commit's entries, and a bulk load's ~64 MiB of entries
 * stayed in the log until another snapshot's worth of writes arrived, read
 * again at every start. The policy remembers the index a snapshot could not
 * truncate to, and the status round snapshots again (a few hundred bytes) once
 * data.d is durable that far. A clean stop syncs data.d and snapshots, so the
 * next start reads a short log.
 */
public final class SnapshotPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotPolicy.class);
    private static final long STOP_SNAPSHOT_SECONDS = 10;

    /**
     * While the lock is held its staged document is part of every snapshot; a bulk load stages a
     * large document piece by piece, and a snapshot after each piece would write it out again and
     * again. So snapshots wait for the lock to be free, up to this size of the log.
     */
    static final long LOCKED_LOG_CAP_BYTES = 512L * 1024 * 1024;

    private final BooleanSupplier lockHeld;
    private final LongSupplier newestVersionIndex;
    private final Durability durability;
    private final StorageHealth health;
    private final Supplier<CompletableFuture<Void>> snapshot;
    /** The newest version's log index, when a truncation stopped short of it; 0 when none. */
    private volatile long truncationOwed;

    /**
     * @param newestVersionIndex the log index of the command that made the newest version
     * @param snapshot           queues a snapshot on the Raft thread
     */
    SnapshotPolicy(BooleanSupplier lockHeld, LongSupplier newestVersionIndex, Durability durability,
                   StorageHealth health, Supplier<CompletableFuture<Void>> snapshot) {
        this.lockHeld = lockHeld;
        this.newestVersionIndex = newestVersionIndex;
        this.durability = durability;
        this.health = health;
        this.snapshot = snapshot;
    }

    /** @param logBytes the log's size since the last snapshot, counting what is being added */
    boolean postpone(long logBytes) {
        return lockHeld.getAsBoolean() && logBytes < LOCKED_LOG_CAP_BYTES;
    }

    /** How far a snapshot taken at {@code commitIndex} may truncate the log; remembers any shortfall. */
    long truncateUpTo(long commitIndex) {
        long upTo = Math.min(commitIndex, durability.durableIndex());
        long wanted = Math.min(commitIndex, newestVersionIndex.getAsLong());
        truncationOwed = upTo < wanted ? wanted : 0;
        return upTo;
    }

    /** At start: a log that still holds the commands of data.d's versions is truncated once they are durable. */
    void afterStart(long firstInLog, long commitIndex) {
        long wanted = Math.min(commitIndex, newestVersionIndex.getAsLong());
        truncationOwed = firstInLog < wanted ? wanted : 0;
    }

    /**
     * For the status round: snapshot again when the last one failed (writes wait for it), or when
     * data.d has become durable as far as the last one could not truncate.
     */
    public void round() {
        long owed = truncationOwed;
        if (health.isFailing(StorageHealth.Part.RAFT_SNAPSHOT)
                || owed > 0 && durability.durableIndex() >= owed && !lockHeld.getAsBoolean()) {
            snapshot.get();
        }
    }

    /** Makes data.d durable, then snapshots: the log truncated as far as it can be (bounded in time). */
    public void syncAndSnapshot() throws Exception {
        durability.syncWritten();
        snapshot.get().get(STOP_SNAPSHOT_SECONDS, TimeUnit.SECONDS);
    }

    /** At a clean stop; a disk that fails, or a snapshot that takes too long, leaves the log as it is. */
    public void compactAtStop() {
        if (health.isFailing()) {
            return;
        }
        try {
            syncAndSnapshot();
        } catch (Exception e) {
            LOG.info("the Raft log was not compacted at stop ({}); the next start reads it whole", e.toString());
        }
    }
}
