package dev.lighthouse.http;

import dev.lighthouse.security.Principal;
import org.eclipse.jetty.server.Request;

/**
 * The request's {@link Principal}, decided once by {@link FrontHandler} and carried as a request
 * attribute to the handlers and Jersey resources behind it (which get the Jetty request by
 * {@code @Context}).
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
        // FrontHandler sets it on every request; reaching here would be a wiring mistake, so refuse.
        throw new IllegalStateException("no principal on the request");
    }
}
