package dev.lighthouse.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The cluster cannot serve the request now, or no member could be reached in time: no leader
 * or quorum (503), a disk that cannot take writes (507), no answer at all ({@code unreachable},
 * status 0) or no answer within the call's timeout ({@code timeout}). {@link #outcome()} tells
 * a write that is safe to retry ({@code NOT_APPLIED}) from one that may still commit
 * ({@code UNKNOWN}).
 */
public class UnavailableException extends LighthouseException {

    public UnavailableException(String message, int status, String type, JsonNode problem, Outcome outcome,
                                Throwable cause) {
        super(message, status, type, problem, outcome, cause);
    }

    /** True when no server answered at all (as opposed to a server saying it cannot serve). */
    public boolean unreachable() {
        return status() == 0;
    }
}
