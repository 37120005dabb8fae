package dev.lighthouse.client;

import com.fasterxml.jackson.databind.JsonNode;

/** 404: nothing at the path, a version no longer retained, a session that has ended. */
public class NotFoundException extends LighthouseException {

    public NotFoundException(String message, JsonNode problem) {
        super(message, 404, "not-found", problem, Outcome.NOT_APPLIED, null);
    }

    /** The first missing segment the server named, or null. */
    public String missingPath() {
        return problemField("path");
    }
}
