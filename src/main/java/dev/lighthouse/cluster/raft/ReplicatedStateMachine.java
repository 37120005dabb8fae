package dev.lighthouse.cluster.raft;

import dev.lighthouse.apply.Applier;
import dev.lighthouse.apply.Command;
import dev.lighthouse.apply.LockState;
import dev.lighthouse.apply.Outcome;
import dev.lighthouse.store.Version;
import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
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
 *
 * <p>At start-up an entry may be applied in part (see {@link StartupReplay}):
 * data.d holds the document but not the sessions and groups, and this node's
 * snapshot holds those as of its own index, which may lie before or after
 * data.d's newest version.
 */
public final class ReplicatedStateMachine implements StateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedStateMachine.class);

    private final Applier applier;
    private final PendingRequests pending;
    private final RefusedFences refusedFences = new RefusedFences();
    /**
     * At start-up, the applier's clock as it was at the coordination state's log index (the
     * snapshot's clock), moved on by every entry replayed for its coordination part alone: such an
     * entry must see the time it saw when first applied, not data.d's newer one, or a session's
     * {@code created} and a member's {@code since} would differ from the other replicas'.
     */
    private Instant coordinationClock = Instant.MIN;
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
        refusedFences.check(index, command, applier.state().coordination());
        Outcome outcome = applier.apply(command, index);
        if (local != null) {
            local.result().complete(outcome);
        }
    }

    /**
     * At start-up, the entry at {@code index}, whose document part data.d holds already (it is at
     * or before data.d's newest version), but whose coordination part the restored state lacks (it
     * is after the snapshot's index): only its session and group change is applied, as of the time
     * it was first applied. A document command has no coordination part; its time still counts,
     * and so does its fence's verdict, for later snapshots.
     */
    void replayCoordinationPart(byte[] data, int offset, int length, long index) throws IOException {
        Command command = CommandCodec.decode(data, offset, length);
        coordinationClock = command.now().isAfter(coordinationClock) ? command.now() : coordinationClock;
        refusedFences.check(index, command, applier.state().coordination());
        if (command instanceof Command.Coordinating coordinating) {
            applier.applyCoordination(coordinating, coordinationClock);
        }
    }

    /**
     * At start-up, the entry at {@code index}, after data.d's newest version but at or before the
     * snapshot whose sessions and groups were restored: only its effect on the document and the
     * lock is applied (see {@link RefusedFences#documentPart}).
     */
    void replayDocumentPart(byte[] data, int offset, int length, long index) throws IOException {
        Command command = CommandCodec.decode(data, offset, length);
        applier.apply(refusedFences.documentPart(index, command), index);
    }

    /** The log was truncated up to {@code index}; what only its entries needed is forgotten. */
    void logStartsAfter(long index) {
        refusedFences.forgetUpTo(index);
    }

    /**
     * A node's own snapshot: the document by reference (it is in data.d), the lock, hooks, sessions
     * and groups, and the fences refused in the entries the log still holds. The document part is
     * used at start-up only when the log no longer holds the commands after data.d's newest
     * version (the log is truncated no further than data.d is durable, see
     * {@link LighthouseRaft#takeSnapshot}); the sessions and groups always, as data.d has none.
     */
    @Override
    public void writeContentTo(DataOutput out) throws Exception {
        SnapshotCodec.write(out, applier, committedIndex.getAsLong(), false, refusedFences.all());
    }

    /** A snapshot with the whole document, for a member too far behind for the log (which starts after it there). */
    void writeWholeContentTo(DataOutput out) throws IOException {
        SnapshotCodec.write(out, applier, committedIndex.getAsLong(), true, List.of());
    }

    /** A snapshot from the leader replaces this node's state; this node's log starts after it. */
    @Override
    public void readContentFrom(DataInput in) throws Exception {
        SnapshotCodec.Snapshot snapshot = SnapshotCodec.read(in);
        install(snapshot);
        refusedFences.replaceWith(snapshot.refusedFences());
    }

    /**
     * At start-up: this node's own last snapshot. Its sessions and groups are always taken (data.d
     * holds none); the rest of its state only when {@code dataDirBehindLog} (data.d ends before the
     * log starts, after a snapshot was installed from the leader) and the snapshot is newer than
     * data.d. Versions data.d holds past it were already applied, and their commands are applied on
     * replay for their coordination part only.
     *
     * @param snapshot the snapshot's bytes, this state machine's part starting at {@code offset}
     * @return the log index the sessions and groups are now as of: the snapshot's
     */
    long restoreAtStart(byte[] snapshot, int offset, boolean dataDirBehindLog) throws IOException {
        boolean everything = dataDirBehindLog && SnapshotCodec.peekIndex(snapshot, offset) > applier.appliedIndex();
        // Otherwise its documents are not needed, and a staged one may be large: they are skipped.
        SnapshotCodec.Snapshot restored = SnapshotCodec.read(new DataInputStream(
                new ByteArrayInputStream(snapshot, offset, snapshot.length - offset)), everything);
        if (everything) {
            install(restored);
        } else {
            applier.restoreCoordination(restored.coordination());
        }
        coordinationClock = restored.clock();
        refusedFences.replaceWith(restored.refusedFences());
        return restored.index();
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
        LOG.info("installing the state as of Raft log index {}: version {} {}{}, {} session(s), {} group(s)",
                snapshot.index(), version.seq(), version.checksum(), lock == null ? "" : ", lock '" + lock.name()
                        + "' held", snapshot.coordination().sessions().size(), snapshot.coordination().groups().size());
        applier.install(version, lock, snapshot.hooks(), snapshot.coordination(), snapshot.index(), snapshot.clock());
    }
}
