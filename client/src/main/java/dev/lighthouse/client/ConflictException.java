package dev.lighthouse.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * 409 and 412: the current state refuses the request. The lock is held by another name
 * ({@code lock-held}, {@link #holder()}), an {@code If-Match} or a fence did not match
 * ({@code precondition-failed}), no lock is held ({@code no-lock}), the edit does not fit
 * ({@code conflict}) or a bound was reached ({@code limit-exceeded}). Nothing was applied.
 */
public class ConflictException extends LighthouseException {

    public ConflictException(String message, int status, String type, JsonNode problem) {
        super(message, status, type, problem, Outcome.NOT_APPLIED, null);
    }

    /** Who holds the lock, for {@code lock-held}; null otherwise. */
    public String holder() {
        return problemField("holder");
    }
}
