package dev.lighthouse.error;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bug, not the client's doing. The one way an unexpected failure becomes a client's
 * problem: {@link #logged} writes the cause to the log under a random id, and the client
 * sees only that id, never the cause's text or stack.
 */
public final class InternalFailure extends LighthouseException {

    private static final Logger LOG = LoggerFactory.getLogger(InternalFailure.class);

    private final String id;

    private InternalFailure(String id) {
        super(ProblemType.INTERNAL_ERROR, "the server failed to answer this request; the log has details under id " + id);
        this.id = id;
    }

    /**
     * Logs {@code cause} as an error under a new id and returns the problem that names only the id.
     *
     * @param context what was being done, for the log line (never shown to the client)
     */
    public static InternalFailure logged(String context, Throwable cause) {
        InternalFailure failure = new InternalFailure(UUID.randomUUID().toString());
        LOG.error("internal error {}: {}", failure.id, context, cause);
        return failure;
    }

    public String id() {
        return id;
    }
}
