package dev.lighthouse.cluster;

import dev.lighthouse.store.StorageHealth;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** What the HTTP layer needs of this node's place in the cluster. Thread-safe. */
public interface Cluster {

    String name();

    /** The node's state now, as {@code /health} reports it. */
    NodeState state();

    /** {@link #state()} as of the last status round (at most half a second old): cheap enough for every read. */
    NodeState servingState();

    /** A description of the divergence this node saw (same seq, other checksum), or null. */
    String divergence();

    /** Whether this node can write to its disk. */
    StorageHealth storage();

    boolean isLeader();

    /**
     * Completes once this node has applied everything a linearizable read beginning now must see;
     * fails with a 503 problem when no leader confirms it, or this node does not get that far, in
     * {@link #writeTimeout()}.
     */
    CompletableFuture<Void> consistentRead();

    /** How long a write, or a consistent read's confirmation, may take before it fails with 503. */
    Duration writeTimeout();

    /** What {@code GET /cluster} shows. */
    ClusterView view();

    /** Removes a member through the leader; completes once the removal is committed. */
    CompletableFuture<Void> removeMember(String member);
}
