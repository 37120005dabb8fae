package dev.lighthouse.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Files holding secrets (the cluster secret, keystore passwords, access secrets) should be the server user's alone. */
public final class SecretFiles {

    private static final Logger LOG = LoggerFactory.getLogger(SecretFiles.class);

    private SecretFiles() {
    }

    /** Logs a warning when {@code file} can be read by its group or by others. */
    public static void warnIfShared(Path file, String holds) {
        if (readableByOthers(file)) {
            LOG.warn("{} holds {} but is readable by other users; chmod 600 it", file, holds);
        }
    }

    private static boolean readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            return permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
