package dev.lighthouse.apply;

import dev.lighthouse.coord.Session;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * When sessions lapse. Renewals are not log writes: the leader alone keeps each session's
 * deadline, by its own monotonic clock, and decides expiry (proposing it through the log); any
 * member takes a renewal and passes it to the leader.
 */
public interface SessionLeases {

    /**
     * Renews the session at the leader.
     *
     * @return the session's new expiry; fails with {@code NotFound} once the session has ended
     *         (an ended session never comes back), {@code Unavailable} when no leader answers
     *         within the write timeout
     */
    CompletableFuture<Instant> renew(String sessionId);

    /**
     * When the session lapses unless renewed, as well as this node knows: exact on the leader,
     * an estimate elsewhere (from the last renewal this node passed on, or the session's start).
     */
    Instant expires(Session session);
}
