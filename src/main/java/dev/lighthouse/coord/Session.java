package dev.lighthouse.coord;

import dev.lighthouse.error.Forbidden;
import dev.lighthouse.error.InvalidInput;
import java.time.Duration;
import java.time.Instant;

/**
 * One live client, as the replicated state knows it. When it expires is not here: renewals
 * are not log writes, so only the leader's clock knows when a session was last renewed.
 *
 * @param id         opaque and unguessable, made by the node that took the request and carried in
 *                   the command, so every replica gives the session the same id
 * @param name       what the client called it, or null
 * @param owner      the access token (principal) name that opened it, or null without access control
 * @param checkpoint the remaining ttl the leader last recorded, or null when none was: a new
 *                   leader counts down from it rather than from the full ttl, so repeated
 *                   elections cannot keep a long ttl alive forever
 */
public record Session(String id, String name, Duration ttl, String owner, Instant created, Duration checkpoint) {

    public static final Duration MIN_TTL = Duration.ofSeconds(1);
    public static final Duration MAX_TTL = Duration.ofHours(1);

    /**
     * A new session, as of {@code now}.
     *
     * @throws InvalidInput when the id is missing or the ttl lies outside {@link #MIN_TTL}..{@link #MAX_TTL}
     */
    public static Session open(String id, String name, Duration ttl, String owner, Instant now) {
        if (id == null || id.isEmpty()) {
            throw new InvalidInput("a session needs an id");
        }
        if (ttl == null || ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new InvalidInput("a session's ttl must lie between 1s and 1h inclusive, not " + ttl);
        }
        return new Session(id, name, ttl, owner, now, null);
    }

    /**
     * A session belongs to the token that opened it: knowing its id is not enough. Stricter than
     * the lock's rule: a session opened under access control stays out of reach of requests
     * that carry no token at all.
     *
     * @param by the access token name asking, or null without access control
     * @throws Forbidden when the session has an owner and {@code by} is not it
     */
    public void checkOwner(String by) {
        if (owner != null && !owner.equals(by)) {
            throw new Forbidden("session " + id + " was opened with another access token");
        }
    }

    /** This session with {@code remaining} recorded, within 0..ttl whatever the leader's clock said. */
    Session checkpointed(Duration remaining) {
        Duration bounded = remaining.isNegative() ? Duration.ZERO : remaining.compareTo(ttl) > 0 ? ttl : remaining;
        return bounded.equals(checkpoint) ? this : new Session(id, name, ttl, owner, created, bounded);
    }
}
