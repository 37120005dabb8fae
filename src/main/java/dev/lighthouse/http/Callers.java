package dev.lighthouse.http;

import dev.lighthouse.security.Principal;
import org.eclipse.jetty.server.Request;

/**
 * The request's {@link Principal}, decided once by {@link FrontHandler} and carried as a request
 * attribute to the handlers and Jersey resources behind it (which get the Jetty request by
 * {@code @Context}). Without access control there is no attribute (setting one costs a map per
 * request on the read path): the principal then follows from the client's address alone.
 */
final class Callers {

    static final String ATTRIBUTE = Principal.class.getName();

    private Callers() {
    }

    static Principal of(Request request) {
        Object principal = request.getAttribute(ATTRIBUTE);
        if (principal instanceof Principal known) {
            return known;
        }
        return Principal.open(FrontHandler.fromLoopback(request.getConnectionMetaData().getRemoteSocketAddress()));
    }
}
