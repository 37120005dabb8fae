package dev.lighthouse.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Every failure the client reports, unchecked. A server's refusal carries its RFC 9457
 * problem: {@link #type()} (such as {@code lock-held} or {@code not-found}), {@link #status()},
 * {@link #detail()} and the whole {@link #problem()} for the extra members ({@code holder},
 * {@code path}, {@code limit}). {@link #outcome()} says whether a write may still have been
 * applied, which decides whether retrying it is safe.
 *
 * <p>The subclasses are the cases an application handles differently; anything else is a
 * plain {@code LighthouseException}.
 */
public class LighthouseException extends RuntimeException {

    /** Whether a write that failed may still take effect. */
    public enum Outcome {
        /** It never reached the cluster's log: retrying is safe. */
        NOT_APPLIED,
        /** It may still commit (the reply was lost, or a leader was lost mid-way): check before retrying. */
        UNKNOWN,
        /** Not a write, or the server said nothing about it. */
        NONE
    }

    private final int status;
    private final String type;
    private final transient JsonNode problem;
    private final Outcome outcome;

    public LighthouseException(String message, int status, String type, JsonNode problem, Outcome outcome,
                               Throwable cause) {
        super(message, cause);
        this.status = status;
        this.type = type;
        this.problem = problem == null ? JsonNodeFactory.instance.objectNode() : problem;
        this.outcome = outcome;
    }

    /** The HTTP status of the server's refusal; 0 when no server answered. */
    public int status() {
        return status;
    }

    /** The problem type ({@code not-found}, {@code lock-held}...), or {@code unreachable} / {@code timeout}. */
    public String type() {
        return type;
    }

    /** The problem's {@code detail}, or the message when there is none. */
    public String detail() {
        JsonNode detail = problem.get("detail");
        return detail != null && detail.isTextual() ? detail.asText() : getMessage();
    }

    /** The whole problem body the server sent (an empty object when there was none). */
    public JsonNode problem() {
        return problem;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The member {@code name} of the problem as text, or null. */
    public String problemField(String name) {
        JsonNode value = problem.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }
}
