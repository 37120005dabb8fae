package dev.lighthouse.cluster.raft;

import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.raft.ELECTION;
import org.jgroups.protocols.raft.election.BaseElection;

/**
 * jgroups-raft's ELECTION, except that a node which knows no Raft membership
 * yet (it has just joined and has received neither log nor snapshot) never
 * runs a vote. Stock ELECTION lets any view coordinator vote; such a node
 * counts a majority of nobody, and when two of them coordinated their own
 * views before merging into the real cluster, their vote requests made the
 * real members change their vote back and forth (and, handled off the Raft
 * thread, failed inside the log's metadata file).
 */
public final class LighthouseElection extends ELECTION {

    public LighthouseElection() {
        setId(ClassConfigurator.getProtocolId(ELECTION.class));
    }

    @Override
    public synchronized BaseElection startVotingThread() {
        if (raft == null || raft.members().isEmpty()) {
            return this;
        }
        return super.startVotingThread();
    }
}
