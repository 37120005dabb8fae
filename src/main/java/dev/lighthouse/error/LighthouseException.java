package dev.lighthouse.error;

import java.util.Map;

/**
 * Base of every error a client can cause or should know about. Each subclass
 * fixes one HTTP status and problem type; {@code http.ProblemWriter} turns it
 * into an RFC 9457 body in exactly one place. The detail must never contain a
 * secret or a stack trace: it is shown to the client as is.
 */
public abstract class LighthouseException extends RuntimeException {

    private final String detail;

    protected LighthouseException(String detail) {
        super(detail, null, false, false);
        this.detail = detail;
    }

    public abstract int status();

    /** Short kebab-case name; the problem type URI is {@code /problems/<type>}. */
    public abstract String type();

    public abstract String title();

    public String detail() {
        return detail;
    }

    /** Response headers the status calls for, such as {@code WWW-Authenticate} with a 401. */
    public Map<String, String> headers() {
        return Map.of();
    }

    /** Extra problem members such as {@code path} or {@code holder}. */
    public Map<String, Object> extensions() {
        return Map.of();
    }
}
