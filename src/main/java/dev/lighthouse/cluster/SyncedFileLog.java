package dev.lighthouse.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import dev.lighthouse.store.OwnerOnly;
import org.jgroups.protocols.raft.FileBasedLog;
import org.jgroups.protocols.raft.LogEntry;

/**
 * jgroups-raft's file log with its snapshot made durable. The library writes
 * the snapshot without fsync and then truncates the log, so a power cut
 * could lose both the snapshot and the entries it replaced; here the snapshot
 * is synced and renamed into place, and the directory synced, before the
 * library goes on to truncate. And the first entry after an installed
 * snapshot is actually written (see {@link #reinitializeTo}).
 */
public final class SyncedFileLog extends FileBasedLog {

    /** The library's file name, so its own reader finds what we write. */
    private static final String SNAPSHOT_FILE = "state_snapshot.raft";
    private static final String ENTRIES_FILE = "entries.raft";
    /** jgroups-raft 1.1.4's entry header: magic, total length, term, index, internal flag, data length. */
    private static final int HEADER_BYTES = 1 + 4 + 8 + 8 + 1 + 4;
    private static final byte HEADER_MAGIC = 0x01;

    private Path directory;

    @Override
    public void init(String logName, Map<String, String> args) throws Exception {
        super.init(logName, args);
        directory = Path.of(logName);
        // The library creates its files with the process umask; the log holds every command.
        OwnerOnly.tree(directory);
    }

    @Override
    public void setSnapshot(ByteBuffer snapshot) {
        Path temp = directory.resolve(SNAPSHOT_FILE + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, java.util.Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), OwnerOnly.FILE)) {
                ByteBuffer content = snapshot.duplicate();
                while (content.hasRemaining()) {
                    channel.write(content);
                }
                channel.force(true);
            }
            Files.move(temp, directory.resolve(SNAPSHOT_FILE), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the Raft snapshot in " + directory, e);
        }
    }

    /**
     * After a snapshot is installed the log restarts at its index with one placeholder entry.
     * jgroups-raft 1.1.4 fills the buffer for it but never flips it, so nothing reaches the file:
     * the log then reads as empty at the next start, with a commit index past its end, and the
     * node cannot start. The same bytes the library meant to write are written here.
     */
    @Override
    public void reinitializeTo(long index, LogEntry entry) {
        super.reinitializeTo(index, entry);
        int length = entry.command() == null ? 0 : entry.length();
        ByteBuffer first = ByteBuffer.allocate(HEADER_BYTES + length);
        first.put(HEADER_MAGIC).putInt(HEADER_BYTES + length).putLong(entry.term()).putLong(index)
                .put((byte) (entry.internal() ? 1 : 0)).putInt(length);
        if (length > 0) {
            first.put(entry.command(), entry.offset(), length);
        }
        first.flip();
        try (FileChannel channel = FileChannel.open(directory.resolve(ENTRIES_FILE), StandardOpenOption.WRITE)) {
            while (first.hasRemaining()) {
                channel.write(first, first.position());
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the first Raft log entry in " + directory, e);
        }
    }
}
