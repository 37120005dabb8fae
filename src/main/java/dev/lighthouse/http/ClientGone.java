package dev.lighthouse.http;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.io.EofException;
import org.slf4j.LoggerFactory;

/**
 * A client that closed its connection before its reply was written (a long poll given up, a
 * watch stream closed, a timed-out script): routine, nothing to fix on our side, so it is
 * logged at debug rather than as an error. Jetty reports it as an {@link EofException},
 * somewhere in the failure's causes.
 */
final class ClientGone {

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(ClientGone.class);
    /**
     * Jersey logs such a failure as SEVERE "Error while closing the output stream in order to commit
     * response", on a logger that also reports real bugs (a failing exception mapper); only the
     * client-gone records are kept out. Held here because java.util.logging keeps loggers weakly,
     * and a collected logger would lose its filter.
     */
    private static final Logger JERSEY_RESPONDER = Logger.getLogger("org.glassfish.jersey.server.ServerRuntime$Responder");

    static {
        JERSEY_RESPONDER.setFilter(record -> {
            if (record.getLevel().intValue() > Level.FINE.intValue() && is(record.getThrown())) {
                log(record.getThrown());
                return false;
            }
            return true;
        });
    }

    private ClientGone() {
    }

    static boolean is(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof EofException) {
                return true;
            }
        }
        return false;
    }

    static void log(Throwable error) {
        LOG.debug("a client closed its connection before its reply was written", error);
    }

    /** Installs the filter on Jersey's logger (by loading this class); call before Jersey serves. */
    static void quietJersey() {
        // the static initializer does the work
    }
}
