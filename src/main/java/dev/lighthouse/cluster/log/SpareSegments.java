package dev.lighthouse.cluster.log;

import dev.lighthouse.store.OwnerOnly;
import dev.lighthouse.store.StorageHealth;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one zero-filled, synced segment file ready, made on a thread of its
 * own, so that starting a new segment costs the Raft runner a rename and not a
 * file's worth of writes. Making it is also how a full disk shows first: while
 * no spare can be made, the log reports itself failing and the node refuses
 * new writes, with the current segment's remaining space as headroom for what
 * is already in flight. The thread tries again every second, and reports the
 * log recovered once a spare is made.
 */
final class SpareSegments implements AutoCloseable {

    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int ZEROS = 1 << 20;

    private final Path dir;
    private final long bytes;
    private final StorageHealth health;
    private final Thread thread;
    private Path ready;
    private long counter;
    private boolean probe;
    private boolean closed;

    SpareSegments(Path dir, long bytes, StorageHealth health) {
        this.dir = dir;
        this.bytes = bytes;
        this.health = health;
        this.thread = new Thread(this::run, "lighthouse-log-spare");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * A zero-filled file of at least {@code needed} bytes for a new segment: the spare when it is
     * ready and large enough, otherwise one made now on the calling thread.
     *
     * @throws IOException when the disk cannot hold it (nothing is left behind)
     */
    Path take(long needed) throws IOException {
        synchronized (this) {
            if (ready != null && Files.size(ready) >= needed) {
                Path taken = ready;
                ready = null;
                notifyAll();
                return taken;
            }
        }
        long size = Math.max(bytes, roundUp(needed));
        return make(size);
    }

    /** A write to the log failed: make a fresh spare to learn when the disk takes writes again. */
    synchronized void probe() {
        probe = true;
        notifyAll();
    }

    private void run() {
        while (true) {
            Path old = null;
            synchronized (this) {
                while (!closed && ready != null && !probe) {
                    waitQuietly(0);
                }
                if (closed) {
                    return;
                }
                if (probe) {
                    old = ready;
                    ready = null;
                    probe = false;
                }
            }
            deleteQuietly(old);
            try {
                Path made = make(bytes);
                synchronized (this) {
                    if (closed) {
                        deleteQuietly(made);
                        return;
                    }
                    ready = made;
                }
                health.recovered(StorageHealth.Part.RAFT_LOG);
            } catch (IOException e) {
                health.failing(StorageHealth.Part.RAFT_LOG, "cannot pre-allocate the next segment: " + e.getMessage());
                synchronized (this) {
                    waitQuietly(TimeUnit.NANOSECONDS.toMillis(RETRY_NANOS));
                }
            }
        }
    }

    private Path make(long size) throws IOException {
        Path file;
        synchronized (this) {
            file = dir.resolve("spare-" + (++counter) + ".seg.tmp");
        }
        try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), OwnerOnly.FILE)) {
            ByteBuffer zeros = ByteBuffer.allocateDirect(ZEROS);
            long at = 0;
            while (at < size) {
                zeros.clear().limit((int) Math.min(ZEROS, size - at));
                at += Segment.writeFully(channel, zeros, at);
            }
            channel.force(true);
            return file;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    private static long roundUp(long needed) {
        long withHeader = needed + Segment.HEADER_BYTES;
        return (withHeader + 4095) / 4096 * 4096;
    }

    private void waitQuietly(long millis) {
        try {
            wait(millis);
        } catch (InterruptedException e) {
            closed = true;
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temp file: removed at the next start
        }
    }

    @Override
    public void close() {
        Path left;
        synchronized (this) {
            closed = true;
            left = ready;
            ready = null;
            notifyAll();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteQuietly(left);
    }
}
