package dev.lighthouse.cluster.raft;

import java.util.function.Supplier;
import org.jgroups.Address;
import org.jgroups.Header;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.raft.AppendEntriesRequest;

/**
 * The leader's news that its commit index moved, sent to a follower that already holds every
 * entry. Stock RAFT sends this as an empty AppendEntries, which the follower answers; the
 * answer tells the leader nothing it needs (the next AppendEntries is answered anyway), yet
 * with one client it was a quarter of all cluster messages per commit. A follower applies
 * this one and stays silent (see {@link LighthouseRaft#handleUpRequest}).
 */
public final class CommitNews extends AppendEntriesRequest {

    /** jgroups-raft's own headers use 2000..2004; JGroups keeps ids below 1024 for itself. */
    static final short MAGIC_ID = 2900;

    static {
        ClassConfigurator.add(MAGIC_ID, CommitNews.class);
    }

    public CommitNews() {
    }

    CommitNews(Address leader, long term, long commitIndex) {
        super(leader, term, 0, 0, term, commitIndex);
    }

    /** Makes sure the header is known before any message could carry it. */
    static void register() {
        // the static initialiser does the work
    }

    Address leader() {
        return leader;
    }

    long entryTerm() {
        return entry_term;
    }

    long leaderCommit() {
        return leader_commit;
    }

    @Override
    public short getMagicId() {
        return MAGIC_ID;
    }

    @Override
    public Supplier<? extends Header> create() {
        return CommitNews::new;
    }
}
