package dev.lighthouse.client;

import com.fasterxml.jackson.databind.JsonNode;

/** 401 (no valid token) or 403 (the token has no grant for this path, or it is not the owner). */
public class AccessDeniedException extends LighthouseException {

    public AccessDeniedException(String message, int status, String type, JsonNode problem) {
        super(message, status, type, problem, Outcome.NOT_APPLIED, null);
    }
}
