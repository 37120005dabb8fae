package dev.lighthouse.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The update lock as the server reports it ({@code GET /lock}, and the reply to taking it).
 *
 * @param locked  whether a name holds it; the other fields are null or -1 when not
 * @param name    the name holding it
 * @param since   when it was taken
 * @param expires when its lease lapses unless renewed (every staged edit renews it)
 * @param base    the version the staged document started from
 * @param staged  how many edits are staged
 */
public record LockState(boolean locked, String name, Instant since, Instant expires, long base, int staged) {

    static LockState of(JsonNode state) {
        if (state == null || !state.path("locked").asBoolean()) {
            return new LockState(false, null, null, null, -1, 0);
        }
        return new LockState(true, state.path("name").asText(null), instant(state, "since"),
                instant(state, "expires"), state.path("base").asLong(-1), state.path("staged").asInt());
    }

    private static Instant instant(JsonNode state, String field) {
        return state.hasNonNull(field) ? Instant.parse(state.get(field).asText()) : null;
    }
}
