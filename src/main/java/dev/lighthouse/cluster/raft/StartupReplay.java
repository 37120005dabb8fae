package dev.lighthouse.cluster.raft;

import dev.lighthouse.cluster.log.SegmentedLog;
import dev.lighthouse.store.StartRefused;
import java.io.DataInput;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.jgroups.protocols.raft.LogEntry;
import org.jgroups.util.ByteArrayDataInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up from data.d plus the Raft log, instead of from the snapshot alone
 * (jgroups-raft's way). data.d already holds every version up to the
 * applier's index (it was loaded first); the snapshot's document is used only
 * when data.d ends before the log starts (a snapshot installed from the leader
 * and not yet durable in data.d). Membership changes are replayed from wherever
 * the log starts, on top of the snapshot's membership; commands only past what
 * data.d holds. A start that would lose a committed entry is refused, saying
 * which and why ({@link LostEntries}).
 */
final class StartupReplay {

    private static final Logger LOG = LoggerFactory.getLogger(StartupReplay.class);

    /** What of RAFT's own state start-up reads and runs (its fields are RAFT's to touch). */
    interface Raft {
        void readMembership(DataInput in) throws Exception;

        void executeInternal(byte[] command, int offset, int length) throws Exception;
    }

    private StartupReplay() {
    }

    static void run(SegmentedLog log, long commitIndex, ReplicatedStateMachine machine, Raft raft) throws Exception {
        LostEntries.refuseIfAny(log, machine.appliedIndex());
        long first = Math.max(1, log.firstAppended());
        ByteBuffer snapshot = log.getSnapshot();
        if (snapshot != null) {
            ByteArrayDataInputStream in = new ByteArrayDataInputStream(snapshot);
            raft.readMembership(in);
            // The entry the log was truncated at is covered by the snapshot's membership and by data.d.
            first = log.firstAppended() + 1;
            if (machine.appliedIndex() + 1 < first) {
                byte[] bytes = new byte[snapshot.limit()];
                snapshot.duplicate().position(0).get(bytes);
                first = Math.max(first, machine.restoreAtStart(bytes, in.position()) + 1);
            }
        }
        long applied = machine.appliedIndex();
        if (applied + 1 < first && commitIndex >= first) {
            throw new StartRefused("data.d ends at Raft log index " + applied + " but the log in " + log.directory()
                    + " starts at " + first + " with no snapshot covering the gap; delete this node's data.d/cluster"
                    + " directory and start it with --seeds to have it join afresh");
        }
        int replayed = 0;
        for (long i = first; i <= commitIndex; i++) {
            LogEntry entry = log.get(i);
            if (entry == null) {
                throw new StartRefused("Raft log entry " + i + " in " + log.directory() + " is missing or unreadable"
                        + " (committed entries " + first + ".." + commitIndex + "); in a cluster, delete this node's"
                        + " data.d/cluster directory and start it with --seeds to copy the others' state");
            }
            if (entry.command() == null) {
                continue;
            }
            if (entry.internal()) {
                raft.executeInternal(entry.command(), entry.offset(), entry.length());
            } else if (i > applied) {
                replay(machine, entry, i, log);
                replayed++;
            }
        }
        LOG.info("Raft log {}..{} read at start; {} command(s) past data.d replayed", first, commitIndex, replayed);
    }

    private static void replay(ReplicatedStateMachine machine, LogEntry entry, long index, SegmentedLog log) {
        try {
            machine.apply(entry.command(), entry.offset(), entry.length(), index);
        } catch (IOException e) {
            throw LostEntries.unreadable(index, log.directory().toString(), machine.appliedIndex(), e);
        }
    }
}
