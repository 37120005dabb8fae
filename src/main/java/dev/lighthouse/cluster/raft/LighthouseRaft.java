package dev.lighthouse.cluster.raft;

import dev.lighthouse.cluster.log.SegmentedLog;
import dev.lighthouse.error.InsufficientStorage;
import dev.lighthouse.store.Durability;
import dev.lighthouse.store.StorageHealth;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.concurrent.BlockingQueue;
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
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.protocols.raft.RaftHeader;
import org.jgroups.protocols.raft.Role;
import org.jgroups.raft.util.CommitTable;
import org.jgroups.util.ByteArrayDataOutputStream;
import org.jgroups.util.Util;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jgroups-raft's RAFT protocol with the changes Lighthouse needs, each documented
 * where it is made and listed in docs/cluster.md ("Workarounds for jgroups-raft"):
 * versions learn their log index ({@link #applyCommit}); start-up replays the log
 * after data.d ({@link #initStateMachineFromLog}); commit news and catch-up while
 * busy ({@link #process}, {@link CommitNews}); whole-document snapshots only for
 * members behind the log ({@link #sendSnapshotTo}); log truncation only as far as
 * data.d is durable ({@link #takeSnapshot}); the commit index recorded before
 * applying and a new leader's no-op ({@link #commitLogTo}, {@link #changeRole});
 * Lighthouse's own log and the handling of a failing disk ({@link #setAsync},
 * {@link #process}, {@link #handleUpRequest}); and consistent reads through
 * {@link ReadIndex} instead of jgroups-raft's read-only requests ({@link #getAsync}).
 */
public final class LighthouseRaft extends RAFT {

    private static final Logger LOG = LoggerFactory.getLogger(LighthouseRaft.class);
    private static final long SNAPSHOT_RESEND_NANOS = 3_000_000_000L;
    /** A node re-elected onto a disk that is still full would step down again every vote: say it once a minute. */
    private static final long STEP_DOWN_LOG_NANOS = 60_000_000_000L;
    private static final byte[] NO_OP = noOp();

    private final ReplicatedStateMachine machine;
    private final StorageHealth health;
    private final SnapshotPolicy snapshots;
    private final ReadIndex readIndex;
    /** A member behind the log gets a whole snapshot at most once per interval, not once per resend. */
    private final Throttle snapshotsSent = new Throttle(SNAPSHOT_RESEND_NANOS);
    private final Throttle stepDownsLogged = new Throttle(STEP_DOWN_LOG_NANOS);
    private long applying;
    private long notifiedCommit;
    private long lastFlush = System.nanoTime();

    static {
        CommitNews.register();
        ReadHeader.register();
    }

    public LighthouseRaft(ReplicatedStateMachine machine, StorageHealth health, Durability durability) {
        setId(ClassConfigurator.getProtocolId(RAFT.class));
        this.machine = machine;
        this.health = health;
        this.snapshots = new SnapshotPolicy(machine::lockHeld, machine::newestVersionIndex, durability, health,
                this::snapshotAsync);
        stateMachine(machine);
        machine.indexSources(() -> applying, () -> commit_index);
        readIndex = new ReadIndex(this, machine::appliedIndex);
    }

    public SnapshotPolicy snapshots() {
        return snapshots;
    }

    /** The leader's side of consistent reads; see {@link ReadIndex}. */
    public ReadIndex readIndex() {
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

    /** From data.d plus the log, not from the snapshot alone: see {@link StartupReplay}. */
    @Override
    public void initStateMachineFromLog() throws Exception {
        if (state_machine_loaded) {
            return;
        }
        StartupReplay.run((SegmentedLog) log_impl, commit_index, machine, new StartupReplay.Raft() {
            @Override
            public void readMembership(java.io.DataInput in) throws Exception {
                internal_state.readFrom(in);
            }

            @Override
            public void executeInternal(byte[] command, int offset, int length) throws Exception {
                executeInternalCommand(null, command, offset, length);
            }
        });
        // The snapshot's membership replaced the one the stack was built with (from the log alone,
        // which may hold no membership entries once truncated): a majority left at that count let a
        // restarted member of three commit alone.
        computeMajority();
        state_machine_loaded = true;
        snapshots.afterStart(log_impl.firstAppended(), commit_index);
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
        long upTo = snapshots.truncateUpTo(commit_index);
        if (upTo > log_impl.firstAppended()) {
            log_impl.truncate(upTo);
            machine.logStartsAfter(log_impl.firstAppended());
        }
        num_snapshots++;
        curr_log_size = 0;
    }

    /** Postponed while the lock is held: see {@link SnapshotPolicy#postpone}. */
    @Override
    protected void snapshotIfNeeded(int bytesAdded) {
        if (snapshots.postpone(curr_log_size + bytesAdded)) {
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
        if (stepDownsLogged.allow(this)) {
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
        if (!snapshotsSent.allow(member)) {
            return;
        }
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
