package dev.lighthouse.error;

import java.util.Map;

/** One client address holds as many watches and long polls as it may. */
public final class TooManyWatchers extends LighthouseException {

    private final int limit;

    public TooManyWatchers(String address, int limit) {
        super(ProblemType.TOO_MANY_WATCHERS, address + " already holds " + limit
                + " watches and long polls, the most one address may hold; close some or raise limits.maxWatchersPerAddress");
        this.limit = limit;
    }

    @Override
    public Map<String, Object> extensions() {
        return Map.of("limit", limit);
    }
}
