package dev.lighthouse.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * What the node keeps on disk (versions, hooks, members, the Raft log) holds the configuration
 * and its secrets, so it is for the server's own user only: files 0600, directories 0700,
 * whatever the umask. Best effort on file systems without POSIX permissions.
 */
public final class OwnerOnly {

    /** For {@code FileChannel.open}/{@code Files.createFile}: applied when the file is created. */
    public static final FileAttribute<?> FILE = PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------"));

    private OwnerOnly() {
    }

    /** Creates the directory (and parents) if missing, and makes this one 0700 either way. */
    public static void directory(Path dir) throws IOException {
        Files.createDirectories(dir);
        set(dir, "rwx------");
    }

    /** Makes a file someone else created (a library) 0600. */
    public static void file(Path file) {
        set(file, "rw-------");
    }

    /** {@link #directory} and {@link #file} for everything directly in {@code dir}. */
    public static void tree(Path dir) throws IOException {
        directory(dir);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry)) {
                    tree(entry);
                } else {
                    file(entry);
                }
            }
        }
    }

    private static void set(Path path, String permissions) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system, or gone meanwhile: nothing stronger to ask for
        }
    }
}
