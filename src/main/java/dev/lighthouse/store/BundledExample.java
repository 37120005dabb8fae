package dev.lighthouse.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example that ships with the installation ({@code data.d/}) is where a node told no data.d
 * starts from, as a copy: the node writes versions, Raft state and hooks into its data.d, and the
 * bundled one stays as it was cloned.
 */
public final class BundledExample {

    private static final Logger LOG = LoggerFactory.getLogger(BundledExample.class);

    private BundledExample() {
    }

    /**
     * Fills {@code target} with the bundled version files, unless it exists already (a node's
     * data.d from an earlier start, however it changed since). The copy is made beside it and
     * renamed into place, so an interrupted first start leaves no half-copied data.d.
     *
     * @throws StartRefused when the copy cannot be made
     */
    public static void copyIfMissing(Path bundled, Path target) {
        Path dir = target.toAbsolutePath().normalize();
        if (Files.exists(dir)) {
            return;
        }
        Path partial = dir.resolveSibling(dir.getFileName() + ".tmp");
        int copied = 0;
        try {
            deleteTree(partial);
            OwnerOnly.directory(partial);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(bundled)) {
                for (Path file : files) {
                    if (DataDir.isVersionFile(file.getFileName().toString())) {
                        Files.copy(file, partial.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                        OwnerOnly.file(partial.resolve(file.getFileName()));
                        copied++;
                    }
                }
            }
            Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StartRefused("could not copy the bundled example " + bundled.toAbsolutePath().normalize()
                    + " to " + dir + " (" + e + "); give --data.d a directory of your own");
        }
        LOG.info("first start without --data.d: copied the bundled example ({} version file(s)) from {} to {},"
                + " which this node uses from now on (remove it to start again from the example)", copied,
                bundled.toAbsolutePath().normalize(), dir);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
