package dev.lighthouse.store;

import java.io.IOException;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps data.d tidy off the commit path, on one background thread:
 * <ul>
 * <li>compaction rewrites the oldest retained version's delta file as a full
 * file once the full file it is rebuilt from lies {@code interval} versions
 * behind, so start-up parses one whole document and replays a bounded chain;</li>
 * <li>pruning deletes files older than the newest full file at or before the
 * oldest retained version.</li>
 * </ul>
 * Requests that pile up while it works collapse into the newest, and it gathers
 * them for {@link #GATHER_MILLIS} before each pass: waking this thread once per
 * commit cost more CPU than the pruning itself (measured on a three-node cluster,
 * where every member does it). A rewrite is an atomic rename over the delta, so
 * a crash leaves either file, both valid.
 */
final class Housekeeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Housekeeper.class);
    static final long GATHER_MILLIS = 100;

    private final DataDir dir;
    private final ConcurrentSkipListMap<Long, StoredFile> files;
    private final long interval;
    private final AtomicReference<Version> pending = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean busy;

    /** @param interval versions between full files at the old end of the retained window */
    Housekeeper(DataDir dir, ConcurrentSkipListMap<Long, StoredFile> files, long interval) {
        this.dir = dir;
        this.files = files;
        this.interval = Math.max(1, interval);
        this.thread = new Thread(this::run, "lighthouse-housekeeper");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Called after each commit with the oldest version still retained. */
    void afterCommit(Version oldestRetained) {
        if (pending.getAndSet(oldestRetained) == null) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    private void run() {
        while (true) {
            busy = true;
            if (pending.get() != null) {
                gather();
                tidy(pending.getAndSet(null));
                continue;
            }
            busy = false;
            if (closed) {
                return;
            }
            awaitRequest();
        }
    }

    private void tidy(Version oldest) {
        Map.Entry<Long, StoredFile> anchor = newestFullAtOrBefore(oldest.seq());
        StoredFile file = files.get(oldest.seq());
        if (file != null && !file.full() && (anchor == null || oldest.seq() - anchor.getKey() >= interval)) {
            try {
                dir.replace(file.path(), VersionFile.full(oldest));
                files.put(oldest.seq(), new StoredFile(oldest.seq(), file.path(), true));
            } catch (RuntimeException e) {
                LOG.warn("could not compact version {}: {}", oldest.seq(), e.getMessage());
            }
        }
        prune(oldest.seq());
    }

    private void prune(long oldestRetained) {
        Map.Entry<Long, StoredFile> anchor = newestFullAtOrBefore(oldestRetained);
        if (anchor == null) {
            return;
        }
        NavigableMap<Long, StoredFile> older = files.headMap(anchor.getKey(), false);
        for (StoredFile old : older.values()) {
            try {
                dir.retire(old.path());
                files.remove(old.seq());
            } catch (IOException e) {
                LOG.warn("could not delete old version file {}: {}", old.path(), e.getMessage());
            }
        }
    }

    private Map.Entry<Long, StoredFile> newestFullAtOrBefore(long seq) {
        for (Map.Entry<Long, StoredFile> entry : files.headMap(seq, true).descendingMap().entrySet()) {
            if (entry.getValue().full()) {
                return entry;
            }
        }
        return null;
    }

    private synchronized void gather() {
        try {
            if (!closed) {
                wait(GATHER_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
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

    /** For tests: returns once no request is pending or running (bounded). */
    void awaitIdle() {
        synchronized (this) {
            notifyAll(); // ends a gathering pause early
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((busy || pending.get() != null) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** Finishes pending work first, so a clean stop leaves data.d tidy. */
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
