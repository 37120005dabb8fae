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
 * the log starts, on top of the snapshot's membership. A start that would lose
 * a committed entry is refused, saying which and why ({@link LostEntries}).
 *
 * <p>Sessions and groups are in no file of data.d: they come from the snapshot
 * (none without one), as of its index. So the state has two halves, each with
 * the log index it is as of, and each entry is applied for the halves that lack
 * it: an entry at or before data.d's newest version for its coordination part
 * alone, one at or before the snapshot for its document part alone, any later
 * one whole. Which half an entry touches never depends on the other half's
 * state but for a fence, whose verdict the snapshot records (see
 * {@link RefusedFences}).
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
        long coordinationIndex = 0;
        ByteBuffer snapshot = log.getSnapshot();
        if (snapshot != null) {
            ByteArrayDataInputStream in = new ByteArrayDataInputStream(snapshot);
            raft.readMembership(in);
            // The entry the log was truncated at is covered by the snapshot's membership and by data.d.
            first = log.firstAppended() + 1;
            byte[] bytes = new byte[snapshot.limit()];
            snapshot.duplicate().position(0).get(bytes);
            coordinationIndex = machine.restoreAtStart(bytes, in.position(), machine.appliedIndex() + 1 < first);
        }
        long applied = machine.appliedIndex();
        if (applied + 1 < first && commitIndex >= first) {
            throw new StartRefused("data.d ends at Raft log index " + applied + " but the log in " + log.directory()
                    + " starts at " + first + " with no snapshot covering the gap; delete this node's data.d/cluster"
                    + " directory and start it with --seeds to have it join afresh");
        }
        if (coordinationIndex + 1 < first) {
            // No usable snapshot, and a log that no longer starts at its first entry: a single node
            // (Membership refuses a member of a cluster) goes on, from the sessions and groups in the log.
            LOG.error("the Raft snapshot is not usable and the log starts at entry {}: any sessions and groups made"
                    + " before it are lost, and fencing tokens count again from 0", first);
            coordinationIndex = first - 1;
        }
        // Entries up to data.d's newest version, and up to the snapshot, were committed even where the
        // recorded commit index is older (it is written without a sync): both halves are brought that far.
        long last = Math.max(commitIndex, Math.min(Math.max(applied, coordinationIndex), log.lastAppended()));
        int whole = 0;
        int parts = 0;
        for (long i = first; i <= last; i++) {
            LogEntry entry = log.get(i);
            if (entry == null) {
                throw new StartRefused("Raft log entry " + i + " in " + log.directory() + " is missing or unreadable"
                        + " (committed entries " + first + ".." + last + "); in a cluster, delete this node's"
                        + " data.d/cluster directory and start it with --seeds to copy the others' state");
            }
            if (entry.command() == null) {
                continue;
            }
            if (entry.internal()) {
                if (i <= commitIndex) {
                    raft.executeInternal(entry.command(), entry.offset(), entry.length());
                }
            } else if (i > applied && i > coordinationIndex) {
                replay(machine, entry, i, log, Part.WHOLE);
                whole++;
            } else if (i > applied) {
                replay(machine, entry, i, log, Part.DOCUMENT);
                parts++;
            } else if (i > coordinationIndex) {
                replay(machine, entry, i, log, Part.COORDINATION);
                parts++;
            }
        }
        LOG.info("Raft log {}..{} read at start (data.d up to entry {}, sessions and groups up to {}); {} command(s)"
                + " replayed whole, {} in part", first, last, applied, coordinationIndex, whole, parts);
    }

    private enum Part { WHOLE, DOCUMENT, COORDINATION }

    private static void replay(ReplicatedStateMachine machine, LogEntry entry, long index, SegmentedLog log, Part part) {
        try {
            switch (part) {
                case WHOLE -> machine.apply(entry.command(), entry.offset(), entry.length(), index);
                case DOCUMENT -> machine.replayDocumentPart(entry.command(), entry.offset(), entry.length(), index);
                case COORDINATION -> machine.replayCoordinationPart(entry.command(), entry.offset(), entry.length(),
                        index);
            }
        } catch (IOException e) {
            throw LostEntries.unreadable(index, log.directory().toString(), machine.appliedIndex(), e);
        }
    }
}
