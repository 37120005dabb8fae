package dev.lighthouse.cluster;

import dev.lighthouse.apply.Applier;
import dev.lighthouse.cluster.raft.LighthouseRaft;
import org.jgroups.Address;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node serves current data ({@link NodeState}): a node that joins
 * or restarts serves once it has applied everything the leader had applied
 * when it first heard from it. Worked out each status round, and at once when
 * a divergence is seen; {@link #lastRound} is cheap enough for every read.
 */
final class ServingState {

    private static final Logger LOG = LoggerFactory.getLogger(ServingState.class);

    private final LighthouseRaft raft;
    private final Applier applier;
    private final StatusGossip gossip;
    private final Membership membership;
    private volatile long catchUpTarget = -1;
    private volatile boolean caughtUp;
    private volatile NodeState lastRound = NodeState.JOINING;

    ServingState(LighthouseRaft raft, Applier applier, StatusGossip gossip, Membership membership) {
        this.raft = raft;
        this.applier = applier;
        this.gossip = gossip;
        this.membership = membership;
    }

    /** The state now (reads a few volatile fields and the Raft membership). */
    NodeState now() {
        if (gossip.divergence() != null) {
            return NodeState.DIVERGED;
        }
        if (membership.wasRemoved()) {
            return NodeState.REMOVED;
        }
        if (!applier.seeded() || !membership.isMember() || !caughtUp) {
            return NodeState.JOINING;
        }
        return raft.leader() == null ? NodeState.NO_QUORUM : NodeState.ACTIVE;
    }

    /** The state as of the last round (at most a status interval old). */
    NodeState lastRound() {
        return lastRound;
    }

    /** Works the state out again: each status round, and whenever something it rests on changed. */
    NodeState round() {
        updateCaughtUp();
        lastRound = now();
        return lastRound;
    }

    private void updateCaughtUp() {
        if (caughtUp || !applier.seeded() || !membership.isMember()) {
            return;
        }
        if (raft.isLeader()) {
            caughtUp = true;
            return;
        }
        Address leader = raft.leader();
        StatusGossip.Heard heard = gossip.of(leader == null ? null : leader.toString());
        if (heard == null) {
            return;
        }
        if (catchUpTarget < 0) {
            catchUpTarget = heard.status().applied();
        }
        if (applier.appliedIndex() >= catchUpTarget) {
            caughtUp = true;
            LOG.info("caught up with the leader at log index {}; serving", applier.appliedIndex());
        }
    }
}
