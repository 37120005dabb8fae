package dev.lighthouse.cluster.raft;

import dev.lighthouse.cluster.log.SegmentedLog;
import dev.lighthouse.store.StartRefused;

/**
 * Start-up's decision when the Raft log was cut back past its recorded commit index. A crash's
 * torn tail is never a committed entry (an entry is synced before anybody counts it), so this
 * takes real damage: a flipped bit, a lost segment. The log can no longer continue from the
 * entries it lost, and starting would either lose acknowledged commits or reuse their indexes,
 * so the node refuses, saying which entries, which file, whether data.d still holds their
 * versions, and what the operator can do.
 */
final class LostEntries {

    private LostEntries() {
    }

    /**
     * @param applied the log index of data.d's newest version
     * @throws StartRefused when committed entries are missing from the log
     */
    static void refuseIfAny(SegmentedLog log, long applied) {
        long recorded = log.recordedCommitIndex();
        long last = log.lastAppended();
        if (recorded <= last) {
            return;
        }
        String found = String.join("; ", log.damage());
        String held = applied >= recorded
                ? "data.d holds every version up to entry " + applied + ", so no acknowledged version is lost,"
                        + " but this log cannot go on without those entries"
                : "data.d holds versions up to entry " + applied + " only, so acknowledged commits are lost";
        String singleNode = applied >= recorded
                ? "move data.d/cluster aside and start again: a new log begins from data.d"
                : "restore data.d from a backup, or move data.d/cluster aside and start again to go on from"
                        + " data.d's newest version without them";
        throw new StartRefused("the Raft log in " + log.directory() + " lost committed entries " + (last + 1) + ".."
                + recorded + " (" + found + "); " + held + ". In a cluster, delete this node's data.d/cluster"
                + " directory and start it with --seeds to copy the others' state; a single node: " + singleNode);
    }

    /**
     * A committed entry that start-up cannot decode (written by a build that tore it): past data.d
     * its version would be lost, at or before data.d's newest version the sessions and groups it
     * changed (data.d holds none).
     */
    static StartRefused unreadable(long index, String logDirectory, long applied, java.io.IOException cause) {
        if (index <= applied) {
            return new StartRefused("Raft log entry " + index + " in " + logDirectory + " was committed but cannot be"
                    + " read (" + cause.getMessage() + "); data.d holds its version, but not the sessions and groups"
                    + " it may have changed: starting would lose them. In a cluster, delete this node's data.d/cluster"
                    + " directory and start it with --seeds to copy the others' state; a single node: move"
                    + " data.d/cluster aside and start again (a new log begins from data.d, with no sessions)");
        }
        return new StartRefused("Raft log entry " + index + " in " + logDirectory + " was committed but cannot be read ("
                + cause.getMessage() + "), and data.d has no version after entry " + applied + ": starting would lose"
                + " it. In a cluster, delete this node's data.d/cluster directory and start it with --seeds to copy"
                + " the others' state; a single node can only be restored from a backup of data.d");
    }
}
