package dev.lighthouse.error;

import java.util.Map;

/** This node cannot answer from current data: it is joining (catching up) or has diverged. */
public class NotServing extends LighthouseException {

    private final String state;

    public NotServing(String state, String detail) {
        super(ProblemType.NOT_SERVING, detail);
        this.state = state;
    }

    @Override
    public Map<String, Object> extensions() {
        return Map.of("status", state);
    }
}
