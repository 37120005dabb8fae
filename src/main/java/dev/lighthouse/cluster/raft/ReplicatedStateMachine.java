package dev.lighthouse.cluster.raft;

import dev.lighthouse.apply.Applier;
import dev.lighthouse.apply.Command;
import dev.lighthouse.apply.LockState;
import dev.lighthouse.apply.Outcome;
import dev.lighthouse.store.Version;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.function.LongSupplier;
import org.jgroups.raft.StateMachine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge between jgroups-raft and the {@link Applier}: committed log
 * entries become commands, applied in log order on the Raft runner thread;
 * snapshots become and restore the applier's state. Results are not sent
 * back through Raft: the node that submitted an entry completes its waiting
 * request when it applies the entry itself, so a reply never shows a version
 * the node answering does not serve yet.
 */
public final class ReplicatedStateMachine implements StateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedStateMachine.class);

    private final Applier applier;
    private final PendingRequests pending;
    private LongSupplier applyingIndex = () -> 0;
    private LongSupplier committedIndex = () -> 0;

    public ReplicatedStateMachine(Applier applier, PendingRequests pending) {
        this.applier = applier;
        this.pending = pending;
    }

    /**
     * @param applying  the index of the entry being applied
     * @param committed the commit index: every entry up to it is applied when a snapshot is taken
     */
    void indexSources(LongSupplier applying, LongSupplier committed) {
        this.applyingIndex = applying;
        this.committedIndex = committed;
    }

    Applier applier() {
        return applier;
    }

    /** The log index of the last command applied. */
    long appliedIndex() {
        return applier.appliedIndex();
    }

    /** The log index of the command that made the newest version (0: made before the log). */
    long newestVersionIndex() {
        return applier.state().current().index();
    }

    /** Whether the update lock is held (its staged document is then part of every snapshot). */
    boolean lockHeld() {
        return applier.state().lock() != null;
    }

    @Override
    public byte[] apply(byte[] data, int offset, int length, boolean serializeResponse) throws Exception {
        apply(data, offset, length, applyingIndex.getAsLong());
        return null;
    }

    /** @throws IOException for an entry this build cannot read; Raft then stops here rather than skip it */
    void apply(byte[] data, int offset, int length, long index) throws IOException {
        CommandCodec.RequestId id = CommandCodec.readId(data, offset, length);
        PendingRequests.Pending local = pending.take(id);
        if (index > 0 && index <= applier.appliedIndex()) {
            // Applying a command twice would make a version no other replica has: equal seqs,
            // different documents. Raft delivers each committed index once; this makes sure.
            LOG.warn("log entry {} delivered again (applied up to {}); not applying it twice", index,
                    applier.appliedIndex());
            if (local != null) {
                local.result().complete(new Outcome.Unchanged());
            }
            return;
        }
        Command command = local != null ? local.command() : CommandCodec.decode(data, offset, length);
        Outcome outcome = applier.apply(command, index);
        if (local != null) {
            local.result().complete(outcome);
        }
    }

    /**
     * A node's own snapshot. It is used at start-up only when the log no longer holds the commands
     * after data.d's newest version: the log is truncated no further than data.d is durable (see
     * {@link LighthouseRaft#takeSnapshot}), so normally start-up replays the log instead.
     */
    @Override
    public void writeContentTo(DataOutput out) throws Exception {
        SnapshotCodec.write(out, applier, committedIndex.getAsLong(), false);
    }

    /** A snapshot with the whole document, for a member too far behind for the log. */
    void writeWholeContentTo(DataOutput out) throws IOException {
        SnapshotCodec.write(out, applier, committedIndex.getAsLong(), true);
    }

    /** A snapshot from the leader replaces this node's state. */
    @Override
    public void readContentFrom(DataInput in) throws Exception {
        install(SnapshotCodec.read(in));
    }

    /**
     * At start-up: this node's own last snapshot, used only when it is newer than data.d. Versions
     * data.d holds past it were already applied, and their commands are skipped on replay.
     */
    /**
     * @param snapshot the snapshot's bytes, this state machine's part starting at {@code offset}
     * @return the log index the snapshot is as of
     */
    long restoreAtStart(byte[] snapshot, int offset) throws IOException {
        long index = SnapshotCodec.peekIndex(snapshot, offset);
        if (index > applier.appliedIndex()) {
            install(SnapshotCodec.read(new java.io.DataInputStream(
                    new java.io.ByteArrayInputStream(snapshot, offset, snapshot.length - offset))));
        }
        return index;
    }

    private void install(SnapshotCodec.Snapshot snapshot) throws IOException {
        if (!snapshot.seeded()) {
            return;
        }
        Version version = snapshot.version();
        if (!snapshot.whole()) {
            Version local = applier.state().history().get(version.seq());
            if (local == null || !local.checksum().equals(snapshot.checksum())) {
                throw new IOException("the Raft snapshot refers to version " + version.seq() + " "
                        + snapshot.checksum() + ", which data.d does not hold; remove this node's cluster directory"
                        + " to have it join afresh");
            }
            version = local;
        } else if (!version.checksum().equals(snapshot.checksum())) {
            throw new IOException("the snapshot's document does not match its checksum " + snapshot.checksum());
        }
        LockState lock = snapshot.lock();
        if (lock != null && lock.document() == null) {
            lock = new LockState(lock.name(), lock.owner(), lock.since(), lock.expires(), lock.ttl(), lock.base(),
                    version.root(), lock.staged());
        }
        LOG.info("installing the state as of Raft log index {}: version {} {}{}", snapshot.index(), version.seq(),
                version.checksum(), lock == null ? "" : ", lock '" + lock.name() + "' held");
        applier.install(version, lock, snapshot.hooks(), snapshot.index(), snapshot.clock());
    }
}
