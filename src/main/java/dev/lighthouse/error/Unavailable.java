package dev.lighthouse.error;

import java.util.Map;

/**
 * The cluster could not take the write now: no leader, no quorum, or no answer
 * in time. {@code outcome} tells the client whether retrying could apply it
 * twice: {@code not-applied} (it never reached the log) or {@code unknown}
 * (it may still commit).
 */
public class Unavailable extends LighthouseException {

    public enum Outcome {
        NOT_APPLIED("not-applied"), UNKNOWN("unknown");

        private final String text;

        Outcome(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private final Outcome outcome;

    public Unavailable(String detail, Outcome outcome) {
        super(ProblemType.UNAVAILABLE, detail);
        this.outcome = outcome;
    }

    public Outcome outcome() {
        return outcome;
    }

    @Override
    public Map<String, Object> extensions() {
        return Map.of("outcome", outcome.text());
    }
}
