package dev.lighthouse;

import dev.lighthouse.config.AccessSection;
import dev.lighthouse.config.SecretFiles;
import java.nio.file.Path;
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
        if (confFile != null && !access.secrets().isEmpty()) {
            SecretFiles.warnIfShared(confFile, "access secrets");
        }
    }

    private static boolean isLoopback(String bindAddress) {
        try {
            return java.net.InetAddress.getByName(bindAddress).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
