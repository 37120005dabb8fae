package dev.lighthouse.error;

import java.util.Map;

/**
 * The cluster holds as much of something as it may (sessions, or members in one group). A 409:
 * the request is fine, the current state is what refuses it, and the same request succeeds
 * once sessions end or members leave. Not 429, which says the client sent too much too fast;
 * not 413, which is about the request itself; and not 507, a server fault.
 */
public final class LimitExceeded extends LighthouseException {

    private final long limit;

    /** @param limit the configured maximum that was reached */
    public LimitExceeded(String detail, long limit) {
        super(ProblemType.LIMIT_EXCEEDED, detail);
        this.limit = limit;
    }

    @Override
    public Map<String, Object> extensions() {
        return Map.of("limit", limit);
    }
}
