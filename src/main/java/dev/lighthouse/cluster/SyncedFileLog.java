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
import org.jgroups.protocols.raft.FileBasedLog;

/**
 * jgroups-raft's file log with its snapshot made durable. The library writes
 * the snapshot without fsync and then truncates the log, so a power cut
 * could lose both the snapshot and the entries it replaced; here the snapshot
 * is synced and renamed into place, and the directory synced, before the
 * library goes on to truncate.
 */
public final class SyncedFileLog extends FileBasedLog {

    /** The library's file name, so its own reader finds what we write. */
    private static final String SNAPSHOT_FILE = "state_snapshot.raft";

    private Path directory;

    @Override
    public void init(String logName, Map<String, String> args) throws Exception {
        super.init(logName, args);
        directory = Path.of(logName);
    }

    @Override
    public void setSnapshot(ByteBuffer snapshot) {
        Path temp = directory.resolve(SNAPSHOT_FILE + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
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
}
