package dev.lighthouse.store;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes version files durable behind the commit path. Each commit's own
 * durability is the Raft log's sync; the file only has to be on disk before
 * the log forgets the command (a Raft snapshot), so it is synced here, in
 * batches with one directory sync each, and {@link #awaitSynced} is the
 * barrier a snapshot waits on: usually nothing is left by then.
 */
final class BackgroundSync implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundSync.class);
    private static final long BARRIER_TIMEOUT_SECONDS = 120;

    private final DataDir dir;
    private final LinkedBlockingQueue<Path> pending = new LinkedBlockingQueue<>();
    private final Thread thread;
    private long submitted;
    private long synced;
    private UncheckedIOException failure;

    BackgroundSync(DataDir dir) {
        this.dir = dir;
        this.thread = new Thread(this::run, "lighthouse-datad-sync");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues a file written without a sync. */
    synchronized void submit(Path written) {
        submitted++;
        pending.add(written);
    }

    /** Returns once every file submitted so far is durable, with its directory entry. */
    synchronized void awaitSynced() {
        long target = submitted;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BARRIER_TIMEOUT_SECONDS);
        while (synced < target) {
            if (failure != null) {
                throw failure;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new UncheckedIOException(new java.io.IOException("data.d sync did not finish in "
                        + BARRIER_TIMEOUT_SECONDS + " s"));
            }
            try {
                wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new java.io.IOException("interrupted while syncing data.d"));
            }
        }
    }

    private void run() {
        List<Path> batch = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                batch.add(pending.take());
            } catch (InterruptedException e) {
                return;
            }
            pending.drainTo(batch);
            try {
                dir.sync(batch);
            } catch (UncheckedIOException e) {
                LOG.error("data.d could not be synced: {}", e.getMessage());
                synchronized (this) {
                    failure = e;
                    notifyAll();
                }
            }
            synchronized (this) {
                synced += batch.size();
                notifyAll();
            }
            batch.clear();
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
