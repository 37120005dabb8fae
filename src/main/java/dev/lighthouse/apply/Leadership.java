package dev.lighthouse.apply;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** What the session keeper needs of the cluster: who leads, proof that it still does, and the way to it. */
public interface Leadership {

    /** The Raft term this node leads in, or 0 while it does not lead. */
    long leaderTerm();

    /**
     * Completes once a majority has confirmed, after this call, that this node still leads (one
     * read-index round, shared with concurrent reads); fails with a 503 problem otherwise.
     */
    CompletableFuture<Void> confirmLeadership();

    /**
     * Passes a renewal to the leader.
     *
     * @return the session's remaining ttl as the leader set it; fails with {@code NotFound} once the
     *         session has ended, {@code Unavailable} when no leader answers within the write timeout
     */
    CompletableFuture<Duration> forwardRenewal(String sessionId);
}
