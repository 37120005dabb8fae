package dev.lighthouse.store;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites a delta file as a full one in the background, off the commit path.
 * Only the newest request matters, so requests that pile up while a rewrite
 * runs collapse into one. The rewrite is an atomic rename over the delta, so
 * a crash leaves either file, both valid.
 */
final class Compactor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);

    private final DataDir dir;
    private final Map<Long, StoredFile> files;
    private final AtomicReference<Version> pending = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean busy;

    Compactor(DataDir dir, Map<Long, StoredFile> files) {
        this.dir = dir;
        this.files = files;
        this.thread = new Thread(this::run, "lighthouse-compactor");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void request(Version version) {
        pending.set(version);
        synchronized (this) {
            notifyAll();
        }
    }

    private void run() {
        while (true) {
            busy = true;
            Version version = pending.getAndSet(null);
            if (version != null) {
                compact(version);
                continue;
            }
            busy = false;
            if (closed) {
                return;
            }
            awaitRequest();
        }
    }

    private void compact(Version version) {
        StoredFile file = files.get(version.seq());
        if (file == null || file.full()) {
            return;
        }
        try {
            // Retention may delete this file meanwhile; the rename would then leave an old full
            // file behind, which the index below lets the next prune delete again.
            dir.replace(file.path(), VersionFile.full(version));
            files.put(version.seq(), new StoredFile(version.seq(), file.path(), true));
        } catch (RuntimeException e) {
            LOG.warn("could not compact version {}: {}", version.seq(), e.getMessage());
        }
    }

    /** For tests: returns once no request is pending or running (bounded). */
    void awaitIdle() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((busy || pending.get() != null) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private synchronized void awaitRequest() {
        try {
            if (pending.get() == null && !closed) {
                wait(TimeUnit.SECONDS.toMillis(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** Finishes a pending rewrite first, so a clean stop leaves the shortest chain to replay. */
    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            notifyAll();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
