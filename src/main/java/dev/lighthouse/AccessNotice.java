package dev.lighthouse;

import dev.lighthouse.config.AccessSection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Says at start who may do what, and warns when the file holding token digests and secrets is readable by others. */
final class AccessNotice {

    private static final Logger LOG = LoggerFactory.getLogger(AccessNotice.class);

    private AccessNotice() {
    }

    /** @param bindAddress the HTTP bind address: on loopback only, no access control is a choice, not a risk */
    static void log(AccessSection access, Path confFile, String bindAddress) {
        if (access == null) {
            String notice = "no access control configured: anyone who can reach the port reads everything, and writes"
                    + " are accepted from loopback only (see docs/security.md)";
            if (isLoopback(bindAddress)) {
                LOG.info("{}; bound to {}, so only this host can reach it", notice, bindAddress);
            } else {
                LOG.warn("{}; bound to {}", notice, bindAddress);
            }
            return;
        }
        LOG.info("access control on: {} token(s), {} secret(s) for derived keys, public reads under {}, probes {}",
                access.tokens().size(), access.secrets().size(), access.publicRead(),
                access.openProbes() ? "open" : "need a token");
        if (confFile != null && !access.secrets().isEmpty() && readableByOthers(confFile)) {
            LOG.warn("{} holds access secrets but is readable by other users; chmod 600 it", confFile);
        }
    }

    private static boolean isLoopback(String bindAddress) {
        try {
            return java.net.InetAddress.getByName(bindAddress).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
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
