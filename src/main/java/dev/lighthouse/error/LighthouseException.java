package dev.lighthouse.error;

import java.util.Map;

/**
 * Base of every error a client can cause or should know about. Each carries one {@link
 * ProblemType}, which fixes its status and title; {@code http.ProblemWriter} turns it into an
 * RFC 9457 body in exactly one place. The detail must never contain a secret, a stack trace or
 * a Java exception's text: it is shown to the client as is.
 *
 * <p>Serializable like every exception, and some are: a forwarded write's refusal travels
 * from the leader back to the member that forwarded it (see {@link InsufficientStorage}).
 */
public abstract class LighthouseException extends RuntimeException {

    private static final long serialVersionUID = 2L;

    private final ProblemType problem;
    private final String detail;

    protected LighthouseException(ProblemType problem, String detail) {
        super(detail, null, false, false);
        this.problem = problem;
        this.detail = detail;
    }

    public final ProblemType problem() {
        return problem;
    }

    public final int status() {
        return problem.status();
    }

    public final String detail() {
        return detail;
    }

    /** Response headers the status calls for, such as {@code WWW-Authenticate} with a 401. */
    public Map<String, String> headers() {
        return Map.of();
    }

    /**
     * Extra problem members such as {@code path} or {@code holder}, after the standard ones;
     * never {@code type}, {@code title}, {@code status} or {@code detail}.
     */
    public Map<String, Object> extensions() {
        return Map.of();
    }
}
