package dev.lighthouse.ctl;

import dev.lighthouse.client.LighthouseException;
import javax.net.ssl.SSLException;

/**
 * Why a command failed, as the one line printed to stderr and the exit code: 2 for a
 * usage error (the command line itself is wrong), 1 for everything else.
 * {@link #status()} is the HTTP status of a server's refusal, 0 when there was none.
 */
final class CtlFailure extends RuntimeException {

    static final int FAILED = 1;
    static final int USAGE = 2;

    private final int exitCode;
    private final int status;
    private final boolean unreachable;

    private CtlFailure(String message, int exitCode, int status, boolean unreachable, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.status = status;
        this.unreachable = unreachable;
    }

    /** The command line is wrong; the message is printed with a pointer to --help. */
    static CtlFailure usage(String message) {
        return new CtlFailure(message, USAGE, 0, false, null);
    }

    static CtlFailure failed(String message) {
        return new CtlFailure(message, FAILED, 0, false, null);
    }

    /** The server answered, with an error status; the message is its problem in one line. */
    static CtlFailure server(int status, String message) {
        return new CtlFailure(message, FAILED, status, false, null);
    }

    /** No answer at all: refused, reset, timed out, unknown host. */
    static CtlFailure unreachable(String message, Throwable cause) {
        return new CtlFailure(message, FAILED, 0, true, cause);
    }

    /**
     * The client's failure as the line this program prints: the server's refusal (status,
     * title, detail) or why no server answered, with a hint at {@code --ca} or {@code --cert}
     * when TLS was the reason.
     */
    static CtlFailure from(LighthouseException e) {
        if (e.status() > 0) {
            return new CtlFailure(e.getMessage(), FAILED, e.status(), false, e);
        }
        SSLException tls = tlsCause(e);
        String message = e.getMessage();
        if (tls != null) {
            String text = String.valueOf(tls.getMessage());
            boolean wantsCertificate = text.contains("certificate_required") || text.contains("bad_certificate");
            message += wantsCertificate ? " (the server wants a client certificate it trusts: --cert)"
                    : " (TLS: is the server's CA the one in --ca?)";
        }
        boolean unreachable = "unreachable".equals(e.type()) || "timeout".equals(e.type());
        return new CtlFailure(message, FAILED, 0, unreachable, e);
    }

    private static SSLException tlsCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException ssl) {
                return ssl;
            }
        }
        return null;
    }

    /** The same failure with more said at the end of its message. */
    CtlFailure withSuffix(String suffix) {
        return new CtlFailure(getMessage() + suffix, exitCode, status, unreachable, this);
    }

    int exitCode() {
        return exitCode;
    }

    int status() {
        return status;
    }

    boolean isUnreachable() {
        return unreachable;
    }

    /** Worth trying again later: no answer, a server not serving for now (5xx), or too busy for us (429). */
    boolean isTransient() {
        return unreachable || status >= 500 || status == 429;
    }

    /** The line for stderr. */
    String line() {
        return exitCode == USAGE ? "lighthousectl: " + getMessage() + " (see --help)" : "lighthousectl: " + getMessage();
    }
}
