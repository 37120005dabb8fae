package dev.lighthouse.ctl;

import dev.lighthouse.client.Tls;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/**
 * https as {@code --ca} and {@code --cert} ask, through the client's {@link Tls}; a file that
 * cannot be used is a usage error naming its option. The PKCS#12 password comes from the
 * environment, never the command line, where {@code ps} would show it.
 */
final class CtlTls {

    static final String CERT_PASSWORD_ENV = "LIGHTHOUSE_CERT_PASSWORD";

    private CtlTls() {
    }

    /** @return the TLS context, or null when neither file is given (the JDK's defaults) */
    static SSLContext context(Path ca, Path cert, String certPassword) {
        if (ca == null && cert == null) {
            return null;
        }
        if (ca != null) {
            check(ca, null, null, "--ca");
        }
        if (cert != null) {
            check(null, cert, certPassword, "--cert");
        }
        return Tls.context(ca, cert, certPassword == null ? new char[0] : certPassword.toCharArray());
    }

    private static void check(Path ca, Path cert, String password, String option) {
        try {
            Tls.context(ca, cert, password == null ? new char[0] : password.toCharArray());
        } catch (IllegalArgumentException e) {
            Path file = ca != null ? ca : cert;
            String message = e.getMessage().replace(file.toString(), option + " " + file);
            if (message.endsWith("wrong or missing password")) {
                message += " (set " + CERT_PASSWORD_ENV + ")";
            }
            throw CtlFailure.usage(message);
        }
    }
}
