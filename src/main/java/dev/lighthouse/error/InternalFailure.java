package dev.lighthouse.error;

import java.util.UUID;

/**
 * A bug, not the client's doing: the state is unchanged, the cause is in the
 * log under {@link #id()}, and the client sees only that id.
 */
public class InternalFailure extends LighthouseException {

    private final String id;

    public InternalFailure() {
        this(UUID.randomUUID().toString());
    }

    private InternalFailure(String id) {
        super("the server failed to apply this request and changed nothing; the log has details under id " + id);
        this.id = id;
    }

    public String id() {
        return id;
    }

    @Override
    public int status() {
        return 500;
    }

    @Override
    public String type() {
        return "internal-error";
    }

    @Override
    public String title() {
        return "Internal server error";
    }
}
