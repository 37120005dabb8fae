package dev.lighthouse.cluster;

import dev.lighthouse.cluster.log.SegmentedLog;
import dev.lighthouse.cluster.raft.LighthouseRaft;
import dev.lighthouse.cluster.raft.Wire;
import dev.lighthouse.error.Conflict;
import dev.lighthouse.error.Futures;
import dev.lighthouse.error.LighthouseException;
import dev.lighthouse.error.NotFound;
import dev.lighthouse.error.Unavailable;
import dev.lighthouse.store.StartRefused;
import dev.lighthouse.store.StorageHealth;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.jgroups.Address;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who belongs to the Raft cluster and how that changes: a node that was never
 * a member asks the leader to add it, each status round until it is; a
 * removal asked of any member goes to the leader; the leader makes one change
 * at a time, each on a committed predecessor (jgroups-raft's rule). The
 * member file ({@code members.json}) keeps what a restart needs to find the
 * others again. Thread-safe.
 */
final class Membership {

    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
    private static final long REMOVAL_TIMEOUT_SECONDS = 10;

    private final String self;
    private final LighthouseRaft raft;
    private final ClusterMessages messages;
    private final StatusGossip gossip;
    private final MemberFile file;
    private final StorageHealth health;
    private final BooleanSupplier seeded;
    private final Map<Long, CompletableFuture<Void>> removals = new ConcurrentHashMap<>();
    private final AtomicLong removalIds = new AtomicLong();
    private final AtomicBoolean removalLogged = new AtomicBoolean();
    private volatile MemberFile.Content saved;
    private CompletableFuture<?> lastChange = CompletableFuture.completedFuture(null);

    /**
     * @param saved  what the member file held at start (a fresh content when there was none)
     * @param seeded whether this node's state descends from the cluster's first entry
     */
    Membership(String self, LighthouseRaft raft, ClusterMessages messages, StatusGossip gossip, MemberFile file,
               MemberFile.Content saved, StorageHealth health, BooleanSupplier seeded) {
        this.self = self;
        this.raft = raft;
        this.messages = messages;
        this.gossip = gossip;
        this.file = file;
        this.saved = saved;
        this.health = health;
        this.seeded = seeded;
        messages.on(ClusterMessages.JOIN, this::joinAsked);
        messages.on(ClusterMessages.REMOVE, this::removalAsked);
        messages.on(ClusterMessages.REMOVED, this::removalAnswered);
    }

    /**
     * The Raft membership a restarting node starts from: none (the snapshot and the log hold it),
     * unless the snapshot does not verify while the log no longer starts at its first entry. Then
     * the membership before the log's start is unknown: a node that knew no peers was a cluster
     * of one and goes on as one; any other must not guess, and refuses to start.
     */
    static List<String> atStart(String self, SegmentedLog raftLog, MemberFile.Content saved) {
        String unusable = raftLog.snapshotUnusable();
        if (unusable == null || raftLog.firstAppended() <= 1) {
            return List.of();
        }
        if (saved.peers().isEmpty()) {
            LOG.warn("the Raft snapshot is not usable ({}); this node knew no peers, so it goes on as a cluster of"
                    + " one", unusable);
            return List.of(self);
        }
        throw new StartRefused("the Raft snapshot in " + raftLog.directory() + " is not usable (" + unusable
                + ") and it alone records the cluster's membership before log entry " + raftLog.firstAppended()
                + "; delete this node's data.d/cluster directory and start it with --seeds to copy the others'"
                + " state");
    }

    boolean isMember() {
        return raft.members().contains(self);
    }

    /** Was a member, and is no longer: it was removed, and must not ask to be added back on its own. */
    boolean wasRemoved() {
        return saved.joined() && seeded.getAsBoolean() && !isMember();
    }

    /** Each status round: ask to join while not a member, and keep the member file current. */
    void round() {
        askToJoin();
        save();
    }

    private void askToJoin() {
        if (saved.joined() || isMember() || !seeded.getAsBoolean() || raft.isLeader()) {
            return;
        }
        StatusGossip.Heard leader = gossip.of(leaderName());
        if (leader != null) {
            messages.send(leader.address(), ClusterMessages.JOIN, out -> Wire.writeString(out, self));
        }
    }

    private String leaderName() {
        Address leader = raft.leader();
        return leader == null ? null : leader.toString();
    }

    private void joinAsked(Address from, DataInputStream in) throws IOException {
        String joiner = Wire.readString(in);
        if (raft.isLeader() && !raft.members().contains(joiner)) {
            change(joiner, true);
        }
    }

    /** Removes a member through the leader; completes once the removal is committed. */
    CompletableFuture<Void> remove(String member) {
        if (!raft.members().contains(member)) {
            return CompletableFuture.failedFuture(new NotFound("no cluster member named '" + member + "'", null));
        }
        if (raft.members().size() == 1) {
            return CompletableFuture.failedFuture(new Conflict("'" + member + "' is the only member; a cluster"
                    + " cannot remove its last member"));
        }
        if (raft.isLeader()) {
            return change(member, false);
        }
        StatusGossip.Heard leader = gossip.of(leaderName());
        if (leader == null) {
            return CompletableFuture.failedFuture(new Unavailable("no leader to remove '" + member + "' through",
                    Unavailable.Outcome.NOT_APPLIED));
        }
        long id = removalIds.incrementAndGet();
        CompletableFuture<Void> done = new CompletableFuture<>();
        removals.put(id, done);
        done.whenComplete((ok, error) -> removals.remove(id));
        messages.send(leader.address(), ClusterMessages.REMOVE, out -> {
            out.writeLong(id);
            Wire.writeString(out, member);
        });
        return done.orTimeout(REMOVAL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private void removalAsked(Address from, DataInputStream in) throws IOException {
        long id = in.readLong();
        String member = Wire.readString(in);
        remove(member).whenComplete((ok, error) -> messages.send(from, ClusterMessages.REMOVED, out -> {
            out.writeLong(id);
            Wire.writeString(out, error == null ? null
                    : Futures.cause(error) instanceof LighthouseException known ? known.detail()
                    : "the removal was not committed");
        }));
    }

    private void removalAnswered(Address from, DataInputStream in) throws IOException {
        CompletableFuture<Void> waiting = removals.get(in.readLong());
        String error = Wire.readString(in);
        if (waiting != null && error == null) {
            waiting.complete(null);
        } else if (waiting != null) {
            waiting.completeExceptionally(new Unavailable("the leader could not remove the member: " + error,
                    Unavailable.Outcome.UNKNOWN));
        }
    }

    /** One membership change at a time, each on a committed predecessor (jgroups-raft's rule). */
    synchronized CompletableFuture<Void> change(String member, boolean add) {
        CompletableFuture<Void> next = lastChange.handle((ignored, error) -> null).thenCompose(ignored -> {
            try {
                LOG.info("{} member '{}'", add ? "adding" : "removing", member);
                return (add ? raft.addServer(member) : raft.removeServer(member)).thenApply(reply -> (Void) null);
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        });
        lastChange = next;
        return next;
    }

    private void save() {
        boolean member = isMember();
        boolean joined = saved.joined() || member;
        if (saved.joined() && !member && removalLogged.compareAndSet(false, true)) {
            LOG.warn("'{}' is no longer a Raft member (removed); it keeps serving reads but will not ask to join"
                    + " again. To rejoin: stop it, delete its data.d/cluster directory, start it with --seeds", self);
        }
        List<String> peers = gossip.peerAddresses(raft.members());
        if (!seeded.getAsBoolean() && peers.isEmpty()) {
            return; // nothing learnt yet: keep what the last run knew
        }
        MemberFile.Content now = new MemberFile.Content(self, peers, joined);
        if (!now.equals(saved)) {
            try {
                file.write(now);
            } catch (java.io.UncheckedIOException e) {
                health.failing(StorageHealth.Part.MEMBERS, e.getMessage());
                return; // written at the next round
            }
            saved = now;
            health.recovered(StorageHealth.Part.MEMBERS);
        }
    }
}
