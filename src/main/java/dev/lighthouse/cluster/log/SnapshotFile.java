package dev.lighthouse.cluster.log;

import dev.lighthouse.store.OwnerOnly;
import dev.lighthouse.store.StorageHealth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The Raft snapshot's file: a header with the length and CRC-32C of the
 * content, then the content. Replaced whole (temp file, sync, rename,
 * directory sync), so it is either the old snapshot or the new one; one that
 * does not verify is reported and not used, and start-up falls back to data.d
 * and the log.
 */
final class SnapshotFile {

    static final String NAME = "snapshot";
    private static final long MAGIC = 0x4c48534e41503031L; // "LHSNAP01"
    private static final int HEADER_BYTES = 8 + 4 + 4;

    private final Path file;
    private String unusable;

    SnapshotFile(Path dir) {
        this.file = dir.resolve(NAME);
    }

    Path path() {
        return file;
    }

    /**
     * Replaces the snapshot, telling {@code health} whether it could.
     *
     * @throws UncheckedIOException when it could not: the previous one stays, nothing else is left behind
     */
    void write(ByteBuffer content, StorageHealth health) {
        try {
            write(content);
        } catch (IOException e) {
            health.failing(StorageHealth.Part.RAFT_SNAPSHOT, e.getMessage());
            throw new UncheckedIOException("could not write the Raft snapshot in " + file.getParent(), e);
        }
        health.recovered(StorageHealth.Part.RAFT_SNAPSHOT);
    }

    /** Replaces the snapshot; on failure the previous one stays and nothing else is left behind. */
    void write(ByteBuffer content) throws IOException {
        Path temp = file.resolveSibling(NAME + ".tmp");
        ByteBuffer body = content.duplicate();
        CRC32C crc = new CRC32C();
        crc.update(body.duplicate());
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).putLong(MAGIC).putInt(body.remaining())
                .putInt((int) crc.getValue()).flip();
        try {
            Files.deleteIfExists(temp);
            try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), OwnerOnly.FILE)) {
                Segment.writeFully(channel, header, 0);
                Segment.writeFully(channel, body, HEADER_BYTES);
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LogFiles.syncDirectory(file.getParent());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * @param report told, once, when the snapshot does not verify
     * @return the snapshot's content, or null when there is none or it does not verify
     */
    ByteBuffer readOrNull(Consumer<String> report) {
        try {
            return read();
        } catch (IOException e) {
            if (unusable == null) {
                unusable = e.getMessage();
                report.accept("the snapshot is not usable (" + e.getMessage() + "); relying on data.d and the log"
                        + " instead");
            }
            return null;
        }
    }

    /** Why the snapshot does not verify, or null when it does or there is none. */
    String unusable(Consumer<String> report) {
        readOrNull(report);
        return unusable;
    }

    /**
     * @return the snapshot's content, or null when there is none
     * @throws IOException when there is one but it does not verify
     */
    ByteBuffer read() throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer all = ByteBuffer.wrap(bytes);
        if (bytes.length < HEADER_BYTES || all.getLong(0) != MAGIC || all.getInt(8) != bytes.length - HEADER_BYTES) {
            throw new IOException(file + " is not a whole snapshot (" + bytes.length + " bytes)");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES);
        if ((int) crc.getValue() != all.getInt(12)) {
            throw new IOException(file + " does not match its checksum");
        }
        // A buffer of its own from offset 0: jgroups-raft reads snapshots through their backing array.
        return ByteBuffer.wrap(java.util.Arrays.copyOfRange(bytes, HEADER_BYTES, bytes.length));
    }
}
