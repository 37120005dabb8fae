package dev.lighthouse.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What data.d must be before a node starts on it, checked before anything else touches it, so
 * that a mistake is one line naming the directory instead of a failure deep inside start-up.
 * A missing data.d is created only when its parent exists: a mistyped path must not quietly
 * become a new, empty store.
 */
public final class DataDirCheck {

    private static final Logger LOG = LoggerFactory.getLogger(DataDirCheck.class);

    private DataDirCheck() {
    }

    /**
     * Makes sure {@code dir} is a writable directory, creating it (with a warning naming it) when
     * it is missing and its parent is a directory.
     *
     * @throws StartRefused saying what is wrong: a file, a missing parent, not writable
     */
    public static void prepare(Path dir) {
        Path path = dir.toAbsolutePath().normalize();
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new StartRefused("data.d " + path + " is a file, not a directory");
        }
        if (!Files.exists(path)) {
            create(path);
        }
        if (!Files.isWritable(path)) {
            throw new StartRefused("data.d " + path + " is not writable");
        }
        Path cluster = path.resolve("cluster");
        if (Files.exists(cluster) && (!Files.isDirectory(cluster) || !Files.isWritable(cluster))) {
            throw new StartRefused("data.d " + path + ": " + cluster.getFileName()
                    + (Files.isDirectory(cluster) ? " is not writable" : " is a file, not a directory"));
        }
    }

    private static void create(Path path) {
        Path parent = path.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new StartRefused("data.d " + path + " does not exist, and neither does " + parent
                    + "; check the path, or create the directory first");
        }
        if (!Files.isWritable(parent)) {
            throw new StartRefused("data.d " + path + " does not exist and cannot be created: " + parent
                    + " is not writable");
        }
        try {
            OwnerOnly.directory(path);
        } catch (IOException e) {
            throw new StartRefused("data.d " + path + " could not be created (" + e + ")");
        }
        LOG.warn("data.d {} did not exist: created it, empty", path);
    }
}
