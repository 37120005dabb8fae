package dev.lighthouse.cluster;

import dev.lighthouse.cluster.log.SegmentedLog;
import dev.lighthouse.error.InsufficientStorage;
import dev.lighthouse.store.Durability;
import dev.lighthouse.store.StartRefused;
import dev.lighthouse.store.StorageHealth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.EmptyMessage;
import org.jgroups.Message;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.raft.Options;
import org.jgroups.protocols.raft.InstallSnapshotRequest;
import org.jgroups.protocols.raft.InternalCommand;
import org.jgroups.protocols.raft.Leader;
import org.jgroups.protocols.raft.LogEntry;
import org.jgroups.raft.Options;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.protocols.raft.RaftHeader;
import org.jgroups.protocols.raft.Role;
import org.jgroups.raft.util.CommitTable;
import org.jgroups.util.ByteArrayDataInputStream;
import org.jgroups.util.ByteArrayDataOutputStream;
import org.jgroups.util.Util;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jgroups-raft's RAFT protocol with the changes Lighthouse needs:
 * <ul>
 * <li>The state machine learns the log index of each entry it applies; versions record it, and
 *     start-up skips entries whose versions data.d already holds.</li>
 * <li>Start-up restores from data.d plus the log instead of from the snapshot alone (see
 *     {@link #initStateMachineFromLog}).</li>
 * <li>Followers hear of a commit as soon as the leader's queue goes quiet ({@link CommitNews},
 *     which they do not answer), and a member that fell
 *     behind is sent missing entries even while writes keep coming. Stock RAFT does both only
 *     after {@code resend_interval} without any request, so a busy leader never lets a lagging
 *     member catch up and an idle one tells followers of the last commit up to a second late.</li>
 * <li>A member behind the log's start receives a snapshot holding the whole document, at most
 *     once per {@link #SNAPSHOT_RESEND_NANOS}; a node's own snapshots stay small pointers.</li>
 * <li>A snapshot truncates the log only as far as data.d is durable ({@link #takeSnapshot}), and
 *     waits while the lock is held ({@link #snapshotIfNeeded}).</li>
 * <li>The commit index is recorded before the entries it covers are applied, and a new leader
 *     holding entries of unknown fate commits a no-op at once ({@link #commitLogTo},
 *     {@link #changeRole}): an acknowledged write is never missing after a restart.</li>
 * <li>The log is Lighthouse's own {@link SegmentedLog}, and a storage failure is handled: while
 *     this node's storage fails, it takes no new write as leader ({@link #setAsync}); a leader
 *     whose log refuses entries it already sent steps down ({@link #process}); a follower does
 *     not acknowledge what it could not write ({@link #handleUpRequest}).</li>
 * <li>Consistent reads are confirmed by Lighthouse's own read index ({@link ReadIndex}, whose
 *     messages this runner thread handles); jgroups-raft's read-only requests are refused
 *     ({@link #getAsync}), as they commit entries without a majority.</li>
 * </ul>
 */
public final class LighthouseRaft extends RAFT {

    private static final Logger LOG = LoggerFactory.getLogger(LighthouseRaft.class);
    private static final long SNAPSHOT_RESEND_NANOS = 3_000_000_000L;
    private static final long LOCKED_LOG_CAP_BYTES = 512L * 1024 * 1024;
    /** A node re-elected onto a disk that is still full would step down again every vote: say it once a minute. */
    private static final long STEP_DOWN_LOG_NANOS = 60_000_000_000L;

    private static final byte[] NO_OP = noOp();

    private final ReplicatedStateMachine machine;
    private final StorageHealth health;
    private final Durability durability;
    private final ReadIndex readIndex;
    private final Map<Address, Long> snapshotSentAt = new HashMap<>();
    private long applying;
    private long notifiedCommit;
    private long lastFlush = System.nanoTime();
    private long lastStepDownLogged = System.nanoTime() - STEP_DOWN_LOG_NANOS - 1;

    static {
        CommitNews.register();
        ReadHeader.register();
    }

    LighthouseRaft(ReplicatedStateMachine machine, StorageHealth health, Durability durability) {
        setId(ClassConfigurator.getProtocolId(RAFT.class));
        this.machine = machine;
        this.health = health;
        this.durability = durability;
        stateMachine(machine);
        machine.indexSources(() -> applying, () -> commit_index);
        readIndex = new ReadIndex(this, () -> machine.applier().appliedIndex());
    }

    /** The leader's side of consistent reads; see {@link ReadIndex}. */
    ReadIndex readIndex() {
        return readIndex;
    }

    /**
     * Queues a read-index message from this node to itself for the runner thread, as if it had come
     * over the network (see {@link ReadIndexClient}). Never blocks.
     *
     * @return false when RAFT is not running or its queue is full
     */
    boolean enqueueLocal(ReadHeader header) {
        BlockingQueue<Request> queue = processing_queue;
        Message msg = new EmptyMessage(local_addr).setSrc(local_addr).putHeader(id, header);
        return queue != null && local_addr != null && queue.offer(new UpRequest(msg, header));
    }

    /**
     * Refused: jgroups-raft 1.1.4's read-only requests are unsound. A batch holding only such requests
     * makes the leader commit, apply and acknowledge every entry it has appended, without a majority
     * ({@code process} calls {@code commitLogTo(last_appended + 1)} when it appended nothing), and its
     * confirmation counts any AppendEntries answer, stale ones included. Consistent reads use
     * {@link ReadIndex} instead.
     */
    @Override
    public CompletableFuture<byte[]> getAsync(byte[] buf, int offset, int length, Options options) {
        throw new UnsupportedOperationException("jgroups-raft's read-only requests are unsound; use ReadIndex");
    }

    /**
     * Records the new commit index first, then applies. Stock RAFT applies and records after, and
     * applying is what answers the client (see {@link ReplicatedStateMachine}): a kill in between
     * left an acknowledged entry in the log above the recorded commit index, so the restarted node
     * replayed only up to the entry before and served the older version. Entries up to the index
     * are committed whether or not applying them succeeds, so recording it early is safe.
     */
    @Override
    protected RAFT commitLogTo(long indexInclusive, boolean serializeResponse) {
        long to = Math.min(last_appended, indexInclusive);
        if (to > log_impl.commitIndex()) {
            log_impl.commitIndex(to);
        }
        commit_index = Math.max(commit_index, applyCommits(to, serializeResponse));
        if (readOnlyRequests != null) {
            readOnlyRequests.advance(commit_index);
        }
        return this;
    }

    /**
     * A new leader cannot tell whether the entries past its commit index were committed (and
     * answered) under the old leader; Raft commits them only together with an entry of the new
     * term. Without one they stay invisible until the next write, so a cluster restarted after a
     * crash would serve a version older than one it had acknowledged (the commit index is written
     * without fsync, so a power cut leaves exactly that even where {@link #commitLogTo} recorded
     * it). Hence the no-op of Raft's section 8. An empty log needs none and leaves a new cluster's
     * first entry to the seed.
     */
    @Override
    protected RAFT changeRole(Role role) {
        boolean wasLeader = impl() instanceof Leader;
        super.changeRole(role);
        if (role == Role.Leader && !wasLeader && last_appended > 0) {
            try {
                setAsync(NO_OP, 0, NO_OP.length, true, null);
            } catch (RuntimeException e) {
                LOG.warn("could not append the new leader's no-op ({}); earlier entries commit with the next write",
                        e.getMessage());
            }
        }
        return this;
    }

    private static byte[] noOp() {
        try {
            return Util.streamableToByteBuffer(new InternalCommand(InternalCommand.Type.noop, null));
        } catch (Exception e) {
            throw new IllegalStateException("cannot encode a Raft no-op", e);
        }
    }

    @Override
    protected void applyCommit(long index, boolean serializeResponse) throws Exception {
        applying = index;
        super.applyCommit(index, serializeResponse);
    }

    /**
     * data.d already holds every version up to the applier's index (it was loaded before this
     * runs). The snapshot is used only when it is newer than that; membership changes are
     * replayed from wherever the log starts, and commands only past what data.d holds.
     */
    @Override
    public void initStateMachineFromLog() throws Exception {
        if (state_machine_loaded) {
            return;
        }
        refuseIfCommittedEntriesAreLost();
        long first = Math.max(1, log_impl.firstAppended());
        ByteBuffer snapshot = log_impl.getSnapshot();
        if (snapshot != null) {
            ByteArrayDataInputStream in = new ByteArrayDataInputStream(snapshot);
            internal_state.readFrom(in);
            // The entry the log was truncated at is covered by the snapshot's membership and by data.d.
            first = log_impl.firstAppended() + 1;
            if (machine.applier().appliedIndex() + 1 < first) {
                // data.d ends before the log starts (a snapshot installed from the leader and not yet
                // durable in data.d): only the snapshot bridges the gap.
                byte[] bytes = new byte[snapshot.limit()];
                snapshot.duplicate().position(0).get(bytes);
                first = Math.max(first, machine.restoreAtStart(bytes, in.position()) + 1);
            }
        }
        long applied = machine.applier().appliedIndex();
        if (applied + 1 < first && commit_index >= first) {
            throw new StartRefused("data.d ends at Raft log index " + applied + " but the log starts at "
                    + first + " with no snapshot covering the gap; remove this node's cluster directory to have it"
                    + " join afresh");
        }
        int replayed = 0;
        for (long i = first; i <= commit_index; i++) {
            LogEntry entry = log_impl.get(i);
            if (entry == null) {
                throw new StartRefused("Raft log entry " + i + " in " + logDirectory() + " is missing or unreadable"
                        + " (committed entries " + first + ".." + commit_index + "); in a cluster, delete this node's"
                        + " data.d/cluster directory and start it with --seeds to copy the others' state");
            }
            if (entry.command() == null) {
                continue;
            }
            if (entry.internal()) {
                executeInternalCommand(null, entry.command(), entry.offset(), entry.length());
            } else if (i > applied) {
                replay(entry, i);
                replayed++;
            }
        }
        state_machine_loaded = true;
        LOG.info("Raft log {}..{} read at start; {} command(s) past data.d replayed", first, commit_index, replayed);
    }

    private void replay(LogEntry entry, long index) {
        try {
            machine.apply(entry.command(), entry.offset(), entry.length(), index);
        } catch (IOException e) {
            throw LostEntries.unreadable(index, logDirectory(), machine.applier().appliedIndex(), e);
        }
    }

    private void refuseIfCommittedEntriesAreLost() {
        if (log_impl instanceof SegmentedLog segmented) {
            LostEntries.refuseIfAny(segmented, machine.applier().appliedIndex());
        }
    }

    private String logDirectory() {
        return log_impl instanceof SegmentedLog segmented ? segmented.directory().toString() : log_dir;
    }

    /**
     * While this node's storage fails it takes no new write: the client is told at once, with
     * nothing applied, instead of after a half-done write. Internal entries (a new leader's no-op,
     * membership changes) still go, and read barriers need no disk.
     */
    @Override
    public CompletableFuture<byte[]> setAsync(byte[] buf, int offset, int length, boolean internal, Options options) {
        if (!internal && health.isFailing()) {
            return CompletableFuture.failedFuture(new InsufficientStorage("the cluster's leader cannot write to its"
                    + " disk now (" + health.summary() + "); nothing was applied; retry once space is freed"));
        }
        return super.setAsync(buf, offset, length, internal, options);
    }

    /**
     * A snapshot that truncates the log only as far as data.d is durable. Stock RAFT truncates up
     * to the commit index, which would make every version file written since the last snapshot
     * need a sync first (one more sync per commit, paid in bursts on this thread). Here the log
     * keeps the commands whose version files the kernel may not have written yet, and start-up
     * replays them from the log rather than restoring the snapshot.
     */
    @Override
    protected void takeSnapshot() throws Exception {
        ByteArrayDataOutputStream out = new ByteArrayDataOutputStream(256, true);
        internal_state.writeTo(out);
        state_machine.writeContentTo(out);
        try {
            log_impl.setSnapshot(ByteBuffer.wrap(out.buffer(), 0, out.position()));
        } catch (UncheckedIOException e) {
            return; // reported to StorageHealth; the log is kept whole and the snapshot tried again
        }
        long upTo = Math.min(commit_index, durability.durableIndex());
        if (upTo > log_impl.firstAppended()) {
            log_impl.truncate(upTo);
        }
        num_snapshots++;
        curr_log_size = 0;
    }

    /**
     * Makes data.d durable now and then takes a snapshot, so the log is truncated as far as it
     * can be (for operators and tests; the log otherwise trims itself behind the background sync).
     */
    public void snapshotNow() throws Exception {
        durability.syncWritten();
        snapshot();
    }

    /**
     * While the lock is held, its staged document is part of every snapshot; a bulk load stages
     * a large document piece by piece, and a snapshot after each piece would write it out again
     * and again. So snapshots wait for the lock to be free, up to a hard cap on the log's size.
     */
    @Override
    protected void snapshotIfNeeded(int bytesAdded) {
        if (machine.applier().state().lock() != null && curr_log_size + bytesAdded < LOCKED_LOG_CAP_BYTES) {
            curr_log_size += bytesAdded;
            return;
        }
        super.snapshotIfNeeded(bytesAdded);
    }

    @Override
    protected void process(List<Request> requests) {
        try {
            super.process(requests);
        } catch (UncheckedIOException e) {
            stepDown(e);
        } finally {
            flushWhenDue();
        }
    }

    /**
     * The log refused entries this node had already sent to its followers as leader. Its own vote
     * for them was counted when they were queued, so it must stop leading before any answer can
     * commit them on that vote; a member that does hold them can then lead. The clients are told
     * the outcome is unknown (the followers may commit them).
     */
    private void stepDown(UncheckedIOException cause) {
        if (!isLeader()) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastStepDownLogged > STEP_DOWN_LOG_NANOS) {
            lastStepDownLogged = now;
            LOG.warn("this node's Raft log could not take entries it had sent as leader ({}); stepping down",
                    cause.getMessage());
        }
        setLeaderAndTerm(null);
    }

    private void flushWhenDue() {
        if (commit_table == null || !isLeader()) {
            return;
        }
        long now = System.nanoTime();
        boolean commitNews = commit_index > notifiedCommit && processing_queue.isEmpty();
        boolean resendDue = now - lastFlush >= resend_interval * 1_000_000;
        if (commitNews || resendDue) {
            notifiedCommit = commit_index;
            lastFlush = now;
            commit_table.forEach(resendDue ? this::sendAppendEntriesMessage : this::tellCommit);
        }
    }

    /**
     * A member holding every entry only needs the commit index: it gets {@link CommitNews} and is
     * taken to know it (TCP and UNICAST3 deliver it; should the member miss it anyway, the next
     * AppendEntries carries the index). Any other member gets what stock RAFT would send.
     */
    private void tellCommit(Address member, CommitTable.Entry entry) {
        boolean holdsEverything = entry.nextIndex() > last_appended && entry.matchIndex() >= last_appended
                && entry.nextIndex() >= log_impl.firstAppended();
        if (!holdsEverything || commit_index <= entry.commitIndex()) {
            sendAppendEntriesMessage(member, entry);
            return;
        }
        down_prot.down(new EmptyMessage(member).putHeader(id, new CommitNews(local_addr, currentTerm(), commit_index)));
        entry.commitIndex(commit_index);
    }

    /**
     * Hands the read index's messages to {@link ReadIndex}, before RAFT looks at their term (they carry
     * terms of their own meaning), and applies {@link CommitNews} like the empty AppendEntries it
     * replaces, without the answer. An entry this node's log could not take is not answered either:
     * the leader must not count it (the failure is reported to {@link StorageHealth}, and the leader
     * sends it again).
     */
    @Override
    public void handleUpRequest(Message msg, RaftHeader hdr) {
        if (hdr instanceof ReadHeader read) {
            readIndex.handle(msg.src(), read);
            return;
        }
        try {
            if (hdr instanceof CommitNews news) {
                if (currentTerm(news.currTerm()) >= 0 && impl() != null) {
                    impl().handleAppendEntriesRequest(null, news.leader(), 0, 0, news.entryTerm(),
                            news.leaderCommit());
                }
                return;
            }
            super.handleUpRequest(msg, hdr);
        } catch (UncheckedIOException e) {
            LOG.debug("not answering {} from {}: {}", hdr.getClass().getSimpleName(), msg.src(), e.getMessage());
        }
    }

    @Override
    protected void sendSnapshotTo(Address member) throws Exception {
        long now = System.nanoTime();
        Long sentAt = snapshotSentAt.get(member);
        if (sentAt != null && now - sentAt < SNAPSHOT_RESEND_NANOS) {
            return;
        }
        snapshotSentAt.put(member, now);
        // The commit index, not the applier's: entries after the last command may be membership
        // changes, which the snapshot's internal state already holds. Naming an older index would
        // have the member ask for entries the log no longer has, again and again.
        long index = commit_index;
        LogEntry last = log_impl.get(index);
        long term = last != null ? last.term() : currentTerm();
        ByteArrayDataOutputStream out = new ByteArrayDataOutputStream(64 * 1024, true);
        internal_state.writeTo(out);
        machine.writeWholeContentTo(out);
        LOG.info("sending {} a snapshot of {} bytes as of log index {}", member, out.position(), index);
        Message message = new BytesMessage(member, out.buffer(), 0, out.position())
                .putHeader(id, new InstallSnapshotRequest(currentTerm(), leader(), index, term));
        down_prot.down(message);
    }
}
