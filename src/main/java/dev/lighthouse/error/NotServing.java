package dev.lighthouse.error;

import java.util.Map;

/**
 * This node cannot answer from current data: it is joining (catching up) or has diverged.
 * The node's state is the {@code state} member; {@code status} stays the HTTP status, as
 * RFC 9457 defines it.
 */
public class NotServing extends LighthouseException {

    private final String state;

    public NotServing(String state, String detail) {
        super(ProblemType.NOT_SERVING, detail);
        this.state = state;
    }

    @Override
    public Map<String, Object> extensions() {
        return Map.of("state", state);
    }
}
