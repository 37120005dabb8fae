package dev.lighthouse.store;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes version files durable long after they were written, when it is cheap.
 * Each commit's own durability is the Raft log's sync; a version file only has
 * to be on disk before the log forgets the command that made it. Waiting until
 * the kernel has written a file back on its own (it does within ~30 s) makes
 * the fsync that confirms it nearly free, where syncing every file at once cost
 * a second sync per commit. {@link #durableIndex} tells the Raft log how far it
 * may be truncated.
 */
final class BackgroundSync implements AutoCloseable {

    /** Past Linux's default dirty_expire_centisecs (30 s), so the data is usually on disk already. */
    static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(35);
    private static final long BARRIER_TIMEOUT_SECONDS = 120;
    private static final long BATCH_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long RETRY_MILLIS = 1000;

    private record Written(Path path, long index, long atNanos) {
    }

    private final DataDir dir;
    private final long settleNanos;
    private final StorageHealth health;
    private final ArrayDeque<Written> pending = new ArrayDeque<>();
    private final Thread thread;
    private long submitted;
    private long synced;
    private long lastBatchAt = System.nanoTime() - BATCH_NANOS;
    private boolean hurry;
    private volatile long durableIndex;
    /** The last sync's failure while it lasts; a barrier does not wait for a disk that fails. */
    private UncheckedIOException failure;

    BackgroundSync(DataDir dir, long settleNanos, StorageHealth health) {
        this.dir = dir;
        this.settleNanos = settleNanos;
        this.health = health;
        this.thread = new Thread(this::run, "lighthouse-datad-sync");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Queues a file written without a sync.
     *
     * @param index the Raft log index of the command that made the version
     */
    synchronized void submit(Path written, long index) {
        submitted++;
        // Only an empty queue has the thread waiting for nothing in particular; otherwise it is
        // already waiting for the oldest file to settle, and waking it on every commit cost CPU.
        if (pending.isEmpty()) {
            notifyAll();
        }
        pending.add(new Written(written, index, System.nanoTime()));
    }

    /** Every version made at or before this log index is durable (0: none known). */
    long durableIndex() {
        return durableIndex;
    }

    /** Syncs everything submitted so far, now; returns once it is durable. */
    synchronized void awaitSynced() {
        long target = submitted;
        hurry = true;
        notifyAll();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BARRIER_TIMEOUT_SECONDS);
        try {
            while (synced < target) {
                if (failure != null) {
                    throw failure;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new UncheckedIOException(new java.io.IOException("data.d sync did not finish in "
                            + BARRIER_TIMEOUT_SECONDS + " s"));
                }
                wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new java.io.IOException("interrupted while syncing data.d"));
        } finally {
            hurry = false;
        }
    }

    /**
     * A batch that fails to sync is kept and tried again a second later; {@link #durableIndex}
     * does not pass it meanwhile, so the Raft log keeps those versions' commands. (Linux may drop
     * the pages of a file whose sync failed and report a later sync as a success; start-up
     * verifies every file against its checksum and rewrites a bad one from the log, which is why
     * the log must keep them until a sync succeeds.)
     */
    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                List<Written> batch = nextBatch();
                try {
                    dir.sync(batch.stream().map(Written::path).toList());
                    durableIndex = Math.max(durableIndex, batch.get(batch.size() - 1).index());
                } catch (UncheckedIOException e) {
                    health.failing(StorageHealth.Part.VERSION_SYNC, e.getMessage());
                    synchronized (this) {
                        failure = e;
                        for (int i = batch.size() - 1; i >= 0; i--) {
                            pending.addFirst(batch.get(i));
                        }
                        notifyAll();
                        wait(RETRY_MILLIS);
                    }
                    continue;
                }
                health.recovered(StorageHealth.Part.VERSION_SYNC);
                synchronized (this) {
                    failure = null;
                    synced += batch.size();
                    notifyAll();
                }
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    /**
     * Waits for files old enough (or a barrier), then takes all of them, oldest first. Batches
     * are at least {@link #BATCH_NANOS} apart: each ends with a directory sync, and under a steady
     * stream of commits taking files as each one settled cost that sync for nearly every file.
     */
    private synchronized List<Written> nextBatch() throws InterruptedException {
        long earliest = lastBatchAt + BATCH_NANOS;
        while (!hurry && System.nanoTime() - earliest < 0) {
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(earliest - System.nanoTime())));
        }
        while (true) {
            Written oldest = pending.peek();
            long now = System.nanoTime();
            if (oldest != null && (hurry || now - oldest.atNanos() >= settleNanos)) {
                List<Written> batch = new ArrayList<>();
                while (!pending.isEmpty() && (hurry || now - pending.peek().atNanos() >= settleNanos)) {
                    batch.add(pending.poll());
                }
                lastBatchAt = now;
                return batch;
            }
            long waitNanos = oldest == null ? TimeUnit.SECONDS.toNanos(60) : settleNanos - (now - oldest.atNanos());
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
