package dev.lighthouse.cluster;

import dev.lighthouse.cluster.raft.LighthouseElection;
import dev.lighthouse.cluster.raft.LighthouseRaft;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.View;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jgroups-raft starts a vote only on a view change that it reads as the leader
 * gone. A node that became coordinator on rejoining, before it had learnt who
 * leads, reads the leader's departure as no change (it may even keep naming the
 * departed leader), and nobody votes again until the next view change. So a
 * coordinator that has seen no leader in its view for a while starts the vote
 * itself. Called from the status round only.
 */
final class LeaderlessVote {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderlessVote.class);
    private static final long LEADERLESS_NANOS = 1_500_000_000L;

    private final JChannel channel;
    private final LighthouseRaft raft;
    private long leaderlessSince;

    LeaderlessVote(JChannel channel, LighthouseRaft raft) {
        this.channel = channel;
        this.raft = raft;
    }

    void round() {
        View current = channel.getView();
        boolean coordinator = current != null && channel.getAddress() != null
                && channel.getAddress().equals(current.getCoord());
        Address leader = raft.leader();
        boolean leaderPresent = leader != null && current != null && current.containsMember(leader);
        if (leaderPresent || !coordinator || raft.members().isEmpty()) {
            leaderlessSince = 0;
            return;
        }
        long now = System.nanoTime();
        if (leaderlessSince == 0) {
            leaderlessSince = now;
        } else if (now - leaderlessSince > LEADERLESS_NANOS) {
            LighthouseElection election = channel.getProtocolStack().findProtocol(LighthouseElection.class);
            if (election != null && !election.isVotingThreadRunning()) {
                LOG.info("no leader for {} ms and this node coordinates the view: starting a vote",
                        (now - leaderlessSince) / 1_000_000);
                election.startVotingThread();
            }
            leaderlessSince = now;
        }
    }
}
