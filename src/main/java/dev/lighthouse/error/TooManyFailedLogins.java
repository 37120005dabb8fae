package dev.lighthouse.error;

import java.util.Map;

/** One address presented too many invalid tokens lately; it may try again after {@code retryAfter} seconds. */
public final class TooManyFailedLogins extends LighthouseException {

    private final long retryAfterSeconds;

    public TooManyFailedLogins(String address, long retryAfterSeconds) {
        super(ProblemType.TOO_MANY_FAILED_LOGINS,
                address + " presented too many invalid access tokens; try again in " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Retry-After", Long.toString(retryAfterSeconds));
    }

    @Override
    public Map<String, Object> extensions() {
        return Map.of("retryAfter", retryAfterSeconds);
    }
}
