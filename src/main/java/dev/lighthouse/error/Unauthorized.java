package dev.lighthouse.error;

import java.util.Map;

/** No valid access token: the request may succeed with one (401, with {@code WWW-Authenticate: Bearer}). */
public final class Unauthorized extends LighthouseException {

    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer realm=\"lighthouse\"");

    public Unauthorized(String detail) {
        super(ProblemType.UNAUTHORIZED, detail);
    }

    @Override
    public Map<String, String> headers() {
        return CHALLENGE;
    }
}
