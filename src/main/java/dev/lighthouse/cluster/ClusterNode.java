package dev.lighthouse.cluster;

import dev.lighthouse.apply.Applier;
import dev.lighthouse.apply.Command;
import dev.lighthouse.apply.CommandLog;
import dev.lighthouse.apply.StateView;
import dev.lighthouse.config.HostPort;
import dev.lighthouse.error.Conflict;
import dev.lighthouse.error.NotFound;
import dev.lighthouse.error.Unavailable;
import dev.lighthouse.cluster.log.SegmentedLog;
import dev.lighthouse.store.OwnerOnly;
import dev.lighthouse.store.StorageHealth;
import dev.lighthouse.store.Version;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.protocols.raft.Role;
import org.jgroups.raft.RaftHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's place in the cluster: the JGroups channel with Raft, the
 * command log on top of it, and what the members tell each other (status,
 * join and removal requests). A single node is a cluster of one built the
 * same way.
 */
public final class ClusterNode implements AutoCloseable {

    static {
        // Before any JGroups class picks its logger: see JGroupsLog for why not JGroups' own adapters.
        org.jgroups.logging.LogFactory.setCustomLogFactory(JGroupsLog.FACTORY);
    }


    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    private static final String CLUSTER_NAME = "lighthouse";
    private static final long STATUS_MILLIS = 500;
    private static final long STALE_MILLIS = 2000;
    private static final long LEADERLESS_NANOS = 1_500_000_000L;
    private static final byte STATUS = 'S';
    private static final byte JOIN = 'J';
    private static final byte REMOVE = 'D';
    private static final byte REMOVED = 'd';

    private final String name;
    private final String clusterAddress;
    private final Applier applier;
    private final StateView view;
    private final LighthouseRaft raft;
    private final RaftHandle handle;
    private final JChannel channel;
    private final RaftCommandLog log;
    private final ReadIndexClient reads;
    private final Duration writeTimeout;
    private final MemberFile memberFile;
    private final StorageHealth health;
    private final boolean bootstrapper;
    private final Clock clock;
    private final Map<String, Heard> heard = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Void>> removals = new ConcurrentHashMap<>();
    private final AtomicLong removalIds = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean removalLogged = new java.util.concurrent.atomic.AtomicBoolean();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "lighthouse-cluster-status");
        t.setDaemon(true);
        return t;
    });
    private volatile String http;
    private volatile long catchUpTarget = -1;
    private volatile boolean caughtUp;
    private volatile String servingState = "joining";
    private long leaderlessSince;
    private volatile String divergence;
    private volatile MemberFile.Content saved;
    private final boolean alone;
    private CompletableFuture<?> membershipChange = CompletableFuture.completedFuture(null);

    private record Heard(NodeStatus status, long atMillis, Address address) {
    }

    /**
     * Where and how this node joins.
     *
     * @param key the key derived from the secret every member shares, or null for unencrypted cluster traffic
     */
    public record Settings(String name, String bind, int clusterPort, List<String> seeds, boolean bootstrap,
                           Path dataDir, Duration writeTimeout, ClusterKey key, StorageHealth health,
                           dev.lighthouse.store.Durability durability) {
    }

    private ClusterNode(Settings settings, Applier applier, StateView view, PendingRequests pending,
                        ReplicatedStateMachine machine, boolean bootstrapper, MemberFile.Content saved,
                        List<InetSocketAddress> hosts, Path clusterDir, Clock clock) throws Exception {
        this.saved = saved;
        this.name = settings.name();
        this.applier = applier;
        this.view = view;
        this.bootstrapper = bootstrapper;
        this.clock = clock;
        this.memberFile = new MemberFile(clusterDir);
        this.health = settings.health();
        this.raft = new LighthouseRaft(machine, health, settings.durability());
        InetAddress bind = InetAddress.getByName(settings.bind());
        this.alone = hosts.isEmpty();
        int port = settings.clusterPort() != 0 ? settings.clusterPort() : freePort(bind);
        SegmentedLog raftLog = new SegmentedLog(health, SegmentedLog.DEFAULT_SEGMENT_BYTES);
        raftLog.init(clusterDir.resolve(name + ".log").toString(), new java.util.HashMap<>());
        try {
            channel = ClusterStack.create(name, bind, port, hosts, alone, bootstrapper || saved.joined(), raft,
                    bootstrapper ? List.of(name) : membersWithoutSnapshot(raftLog, saved), raftLog, settings.key());
        } catch (Exception | Error e) {
            raftLog.close();
            throw e;
        }
        handle = new RaftHandle(channel, machine);
        log = new RaftCommandLog(handle, pending, settings.writeTimeout(), health);
        writeTimeout = settings.writeTimeout();
        reads = new ReadIndexClient(raft, writeTimeout);
        raft.readIndex().client(reads);
        channel.setReceiver(new Receiver() {
            @Override
            public void receive(Message message) {
                onMessage(message);
            }

            private View current;

            @Override
            public void viewAccepted(View newView) {
                LOG.info("cluster view: {}", newView.getMembers());
                if (current != null) {
                    log.membersLeft(View.leftMembers(current, newView));
                }
                current = newView;
            }
        });
        raft.addRoleListener(this::onRoleChange);
        channel.connect(CLUSTER_NAME);
        org.jgroups.PhysicalAddress physical = (org.jgroups.PhysicalAddress) channel.down(
                new org.jgroups.Event(org.jgroups.Event.GET_PHYSICAL_ADDRESS, channel.getAddress()));
        String text = physical.printIpAddress();
        this.clusterAddress = text.startsWith("/") ? text.substring(1) : text;
        ticker.scheduleWithFixedDelay(this::tick, 0, STATUS_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info("cluster node '{}' on {} ({}); Raft members {}", name, clusterAddress,
                bootstrapper ? "new cluster" : "joining through " + hosts, raft.members());
        SecretNotices.atStart(name, settings.key(), settings.bootstrap() || !hosts.isEmpty(), clusterAddress);
        SecretNotices.ifNobodyAnswered(name, channel.getView(), hosts, settings.key() != null);
    }

    /**
     * Connects to the cluster (or starts a new one) and replays the Raft log into {@code applier}.
     *
     * @param applierFor builds the applier over the state recovered from data.d, given whether that
     *                   state already descends from the log's seed and the log index it reached
     */
    public static ClusterNode start(Settings settings, java.util.function.BiFunction<Boolean, Long, Applier> applierFor,
                                    StateView view, Clock clock) throws Exception {
        Path clusterDir = settings.dataDir().resolve("cluster");
        boolean hasRaftState = Files.isDirectory(clusterDir.resolve(settings.name() + ".log"));
        MemberFile.Content saved = new MemberFile(clusterDir).read();
        if (saved != null && !saved.self().equals(settings.name())) {
            throw new IllegalArgumentException("data.d belongs to cluster node '" + saved.self() + "', not '"
                    + settings.name() + "'; start it with --name=" + saved.self());
        }
        OwnerOnly.directory(clusterDir);
        Version current = view.state().current();
        long dataIndex = hasRaftState ? current.index() : 0;
        Applier applier = applierFor.apply(dataIndex > 0, dataIndex);
        List<InetSocketAddress> hosts = new ArrayList<>();
        Set<String> hostTexts = new LinkedHashSet<>(settings.seeds());
        if (saved != null) {
            hostTexts.addAll(saved.peers());
        }
        // A new cluster looks for nobody; a node that has Raft state rejoins whoever it knew.
        boolean bootstrapper = !hasRaftState && (settings.bootstrap() || settings.seeds().isEmpty());
        if (bootstrapper) {
            hostTexts.clear();
        }
        for (String host : hostTexts) {
            InetSocketAddress parsed = HostPort.parse(host);
            hosts.add(new InetSocketAddress(parsed.getHostString(), parsed.getPort()));
        }
        PendingRequests pending = new PendingRequests();
        ReplicatedStateMachine machine = new ReplicatedStateMachine(applier, pending);
        return new ClusterNode(settings, applier, view, pending, machine, bootstrapper,
                saved != null ? saved : new MemberFile.Content(settings.name(), List.of(), false), hosts, clusterDir,
                clock);
    }

    /**
     * The Raft membership to start from: none (the snapshot and the log hold it), unless the
     * snapshot does not verify while the log no longer starts at its first entry. Then the
     * membership before the log's start is unknown: a node that knew no peers was a cluster of
     * one and goes on as one; any other must not guess, and refuses to start.
     */
    private List<String> membersWithoutSnapshot(SegmentedLog raftLog, MemberFile.Content saved) {
        String unusable = raftLog.snapshotUnusable();
        if (unusable == null || raftLog.firstAppended() <= 1) {
            return List.of();
        }
        if (saved.peers().isEmpty()) {
            LOG.warn("the Raft snapshot is not usable ({}); this node knew no peers, so it goes on as a cluster of"
                    + " one", unusable);
            return List.of(name);
        }
        throw new dev.lighthouse.store.StartRefused("the Raft snapshot in " + raftLog.directory() + " is not usable ("
                + unusable + ") and it alone records the cluster's membership before log entry "
                + raftLog.firstAppended() + "; delete this node's data.d/cluster directory and start it with --seeds"
                + " to copy the others' state");
    }

    /**
     * JGroups' TCP refuses port 0 when discovery is by a fixed host list, so a free port is
     * picked here. Another process could take it before JGroups binds; start-up then fails with
     * "address in use" rather than anything subtler.
     */
    private static int freePort(InetAddress bind) throws IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, bind)) {
            return probe.getLocalPort();
        }
    }

    /** Loads and initialises the cluster stack's classes ahead of time, off the start-up path. */
    public static void warmUp() {
        ClusterStack.warmUp();
    }

    /** True when this node looked for no peers at start: a new cluster, or a cluster of one restarted. */
    public boolean expectsNoPeers() {
        return alone;
    }

    /**
     * Waits (bounded) until this node serves: elected, seeded and current. For a node that
     * expects no peers this takes milliseconds, and writes sent before it would only be retried.
     */
    public void awaitServing(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!"active".equals(state()) && System.nanoTime() < deadline) {
            updateCaughtUp();
            Thread.sleep(2);
        }
        servingState = state();
        if (!"active".equals(state())) {
            LOG.warn("not serving after {} ms: {}", timeoutMillis, state());
        }
        tick();
    }

    /** Test hook: fault tests insert protocols (DISCARD and the like) into this channel's stack. */
    JChannel channel() {
        return channel;
    }

    /** Test hook: read tests count the reads waiting for an index. */
    ReadIndexClient readIndexClient() {
        return reads;
    }

    /** Test hook: fault tests force snapshots and read the log's bounds. */
    LighthouseRaft raft() {
        return raft;
    }

    StateView stateView() {
        return view;
    }

    public CommandLog commandLog() {
        return log;
    }

    public String name() {
        return name;
    }

    /** The last Raft log index this node applied. */
    public long appliedIndex() {
        return applier.appliedIndex();
    }

    /** Log entries the leader has applied and this node has not, as of the leader's last status; 0 on the leader. */
    public long replicationLag() {
        Heard leader = leaderHeard();
        return leader == null || isLeader() ? 0 : Math.max(0, leader.status().applied() - applier.appliedIndex());
    }

    /** The leader's last status and address, or null while there is no leader or it has not been heard. */
    private Heard leaderHeard() {
        String leader = leader();
        return leader == null ? null : heard.get(leader);
    }

    /** Told once HTTP listens, so the others can show and forward to it. */
    public void advertiseHttp(String baseUrl) {
        this.http = baseUrl;
        tick();
    }

    public boolean isLeader() {
        return handle.isLeader();
    }

    /** @return the leader's name, or null while there is none */
    public String leader() {
        Address leader = raft.leader();
        return leader == null ? null : leader.toString();
    }

    /** active, joining, no-quorum, diverged, or removed (no longer a member): what {@code /health} reports. */
    public String state() {
        if (divergence != null) {
            return "diverged";
        }
        if (saved.joined() && applier.seeded() && !raft.members().contains(name)) {
            return "removed";
        }
        if (!applier.seeded() || !raft.members().contains(name) || !caughtUp) {
            return "joining";
        }
        return leader() == null ? "no-quorum" : "active";
    }

    /** {@link #state()} as of the last status round (at most half a second old): cheap enough for every read. */
    public String servingState() {
        return servingState;
    }

    /** Whether this node can write to its disk; see {@link StorageHealth}. */
    public StorageHealth storage() {
        return health;
    }

    /** A description of the divergence seen, or null. */
    public String divergence() {
        return divergence;
    }

    /**
     * Completes once this node has applied everything a linearizable read beginning now must see: the
     * read index a confirmed leader named (see {@link ReadIndex}). Fails with {@link Unavailable} when
     * no leader confirms one, or this node does not apply that far, within the write timeout.
     */
    public CompletableFuture<Void> consistentRead() {
        long deadline = System.nanoTime() + writeTimeout.toNanos();
        return reads.readIndex().thenCompose(index -> awaitLocally(() -> applier.appliedIndex() >= index,
                "this node did not catch up with the leader in time", deadline));
    }

    /** How long a write, or a consistent read's confirmation, may take before it fails with 503. */
    public Duration writeTimeout() {
        return writeTimeout;
    }

    private CompletableFuture<Void> awaitLocally(BooleanSupplier reached, String failure, long deadline) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        poll(reached, failure, done, deadline);
        return done;
    }

    private void poll(BooleanSupplier reached, String failure, CompletableFuture<Void> done, long deadline) {
        if (reached.getAsBoolean()) {
            done.complete(null);
        } else if (System.nanoTime() > deadline) {
            done.completeExceptionally(new Unavailable(failure, Unavailable.Outcome.NOT_APPLIED));
        } else {
            ticker.schedule(() -> poll(reached, failure, done, deadline), 1, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Raft members, plus nodes heard from recently that are not members yet (joining). A member
     * not heard from for {@value #STALE_MILLIS} ms is unreachable; a removed node that still
     * runs drops out once it is no longer a member.
     */
    public ClusterView view() {
        long now = clock.millis();
        List<String> raftMembers = raft.members();
        Map<String, ClusterView.Member> members = new TreeMap<>();
        heard.put(name, new Heard(status(), now, channel.getAddress()));
        for (Heard h : heard.values()) {
            NodeStatus s = h.status();
            boolean member = raftMembers.contains(s.name());
            boolean fresh = now - h.atMillis() <= STALE_MILLIS;
            if (!member && (!fresh || saidRemoved(s))) {
                continue;
            }
            String state = !fresh ? "unreachable" : member && !"joining".equals(s.state()) ? "active" : "joining";
            members.put(s.name(), new ClusterView.Member(s.name(), s.http(), s.cluster(), s.seq(), s.checksum(), state));
        }
        for (String member : raftMembers) {
            members.putIfAbsent(member, new ClusterView.Member(member, null, null, -1, null, "unreachable"));
        }
        return new ClusterView(name, leader(), List.copyOf(members.values()), divergence);
    }

    /** A removed node keeps reporting itself; it is not joining, so it is not listed. */
    private static boolean saidRemoved(NodeStatus status) {
        return "removed".equals(status.state());
    }

    /** Removes a member through the leader; completes once the removal is committed. */
    public CompletableFuture<Void> removeMember(String member) {
        if (!raft.members().contains(member)) {
            return CompletableFuture.failedFuture(new NotFound("no cluster member named '" + member + "'", null));
        }
        if (raft.members().size() == 1) {
            return CompletableFuture.failedFuture(new Conflict("'" + member + "' is the only member; a cluster"
                    + " cannot remove its last member"));
        }
        if (isLeader()) {
            return changeMembership(member, false);
        }
        Heard leader = leaderHeard();
        if (leader == null) {
            return CompletableFuture.failedFuture(new Unavailable("no leader to remove '" + member + "' through",
                    Unavailable.Outcome.NOT_APPLIED));
        }
        long id = removalIds.incrementAndGet();
        CompletableFuture<Void> done = new CompletableFuture<>();
        removals.put(id, done);
        done.whenComplete((ok, error) -> removals.remove(id));
        send(leader.address(), REMOVE, out -> {
            out.writeLong(id);
            Wire.writeString(out, member);
        });
        return done.orTimeout(10, TimeUnit.SECONDS);
    }

    /** One membership change at a time, each on a committed predecessor (jgroups-raft's rule). */
    private synchronized CompletableFuture<Void> changeMembership(String member, boolean add) {
        CompletableFuture<Void> change = membershipChange.handle((ignored, error) -> null).thenCompose(ignored -> {
            try {
                LOG.info("{} member '{}'", add ? "adding" : "removing", member);
                return (add ? raft.addServer(member) : raft.removeServer(member)).thenApply(reply -> (Void) null);
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        });
        membershipChange = change;
        return change;
    }

    private void onRoleChange(Role role) {
        LOG.info("Raft role of '{}' is now {}", name, role);
        if (role == Role.Leader) {
            ticker.execute(this::seedIfNew);
        }
    }

    /** The first leader of a new cluster writes its data.d's current version as the log's first entry. */
    private void seedIfNew() {
        if (!bootstrapper || applier.seeded() || raft.lastAppended() > 0) {
            return;
        }
        Version current = view.state().current();
        log.submit(new Command.Seed(current, clock.instant())).whenComplete((outcome, error) -> {
            if (error != null) {
                LOG.error("could not seed the new cluster: {}", error.getMessage());
                return;
            }
            LOG.info("new cluster seeded with version {} {}", current.seq(), current.checksum());
            // The snapshot comes first, at the seed, so the log still starts at an entry that members
            // joining now read as an ordinary one; after the next entry each would need a snapshot.
            raft.snapshotAsync().whenComplete((snapshot, failedSnapshot) -> {
                // The founding member is only in this node's start-up configuration, so a member
                // that reads the log from its start (not from a snapshot) would never count it:
                // with the founder down, the others could not elect a leader.
                changeMembership(name, true).whenComplete((added, failed) -> {
                    if (failed != null) {
                        LOG.error("could not record '{}' as a member in the log: {}", name, failed.getMessage());
                    }
                });
            });
        });
    }

    private NodeStatus status() {
        Version current = view.state().current();
        return new NodeStatus(name, http, clusterAddress, current.seq(), current.checksum(), applier.appliedIndex(),
                state());
    }

    private void tick() {
        try {
            updateCaughtUp();
            NodeStatus self = status();
            servingState = self.state();
            heard.put(name, new Heard(self, clock.millis(), channel.getAddress()));
            byte[] body = self.encode();
            send(null, STATUS, out -> out.write(body));
            askToJoin();
            saveMembers();
            electIfLeaderless();
            retrySnapshotWhileFailing();
        } catch (RuntimeException e) {
            LOG.warn("cluster status round failed: {}", e.toString());
        }
    }

    /**
     * jgroups-raft starts a vote only on a view change that it reads as the leader gone. A node
     * that became coordinator on rejoining, before it had learnt who leads, reads the leader's
     * departure as no change (it may even keep naming the departed leader), and nobody votes
     * again until the next view change. So a coordinator that has seen no leader in its view
     * for a while starts the vote itself.
     */
    private void electIfLeaderless() {
        View current = channel.getView();
        boolean coordinator = current != null && channel.getAddress() != null
                && channel.getAddress().equals(current.getCoord());
        org.jgroups.Address leader = raft.leader();
        boolean leaderPresent = leader != null && current != null && current.containsMember(leader);
        if (leaderPresent || !coordinator || raft.members().isEmpty()) {
            leaderlessSince = 0;
            return;
        }
        long now = System.nanoTime();
        if (leaderlessSince == 0) {
            leaderlessSince = now;
        } else if (now - leaderlessSince > LEADERLESS_NANOS) {
            LighthouseElection election = channel.getProtocolStack().findProtocol(LighthouseElection.class);
            if (election != null && !election.isVotingThreadRunning()) {
                LOG.info("no leader for {} ms and this node coordinates the view: starting a vote",
                        (now - leaderlessSince) / 1_000_000);
                election.startVotingThread();
            }
            leaderlessSince = now;
        }
    }

    private void updateCaughtUp() {
        if (caughtUp) {
            return;
        }
        if (!applier.seeded() || !raft.members().contains(name)) {
            return;
        }
        if (isLeader()) {
            caughtUp = true;
            return;
        }
        Heard leader = leaderHeard();
        if (leader == null) {
            return;
        }
        if (catchUpTarget < 0) {
            catchUpTarget = leader.status().applied();
        }
        if (applier.appliedIndex() >= catchUpTarget) {
            caughtUp = true;
            servingState = state();
            LOG.info("caught up with the leader at log index {}; serving", applier.appliedIndex());
        }
    }

    /** A node that was never a member asks the leader to add it, each round until it is. */
    private void askToJoin() {
        if (saved.joined() || raft.members().contains(name) || !applier.seeded() || isLeader()) {
            return;
        }
        Heard leader = leaderHeard();
        if (leader != null) {
            send(leader.address(), JOIN, out -> Wire.writeString(out, name));
        }
    }

    private void saveMembers() {
        boolean joined = saved.joined() || raft.members().contains(name);
        if (saved.joined() && !raft.members().contains(name) && removalLogged.compareAndSet(false, true)) {
            LOG.warn("'{}' is no longer a Raft member (removed); it keeps serving reads but will not ask to join"
                    + " again. To rejoin: stop it, delete its data.d/cluster directory, start it with --seeds", name);
        }
        List<String> peers = new ArrayList<>();
        for (String member : raft.members()) {
            Heard h = member.equals(name) ? null : heard.get(member);
            if (h != null && h.status().cluster() != null) {
                peers.add(h.status().cluster());
            }
        }
        if (!applier.seeded() && peers.isEmpty()) {
            return; // nothing learnt yet: keep what the last run knew
        }
        MemberFile.Content now = new MemberFile.Content(name, peers, joined);
        if (!now.equals(saved)) {
            try {
                memberFile.write(now);
            } catch (java.io.UncheckedIOException e) {
                health.failing(StorageHealth.Part.MEMBERS, e.getMessage());
                return; // written at the next round
            }
            saved = now;
            health.recovered(StorageHealth.Part.MEMBERS);
        }
    }

    /**
     * Snapshots are taken as the log grows, and while they fail the node takes no writes, so the
     * log would never grow to try again: the status round tries instead, on the Raft thread.
     */
    private void retrySnapshotWhileFailing() {
        if (health.isFailing(StorageHealth.Part.RAFT_SNAPSHOT)) {
            raft.snapshotAsync();
        }
    }

    private void onMessage(Message message) {
        try {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(message.getArray(),
                    message.getOffset(), message.getLength()));
            byte type = in.readByte();
            switch (type) {
                case STATUS -> {
                    byte[] rest = in.readAllBytes();
                    NodeStatus status = NodeStatus.decode(rest, 0, rest.length);
                    heard.put(status.name(), new Heard(status, clock.millis(), message.src()));
                    checkDivergence(status);
                }
                case JOIN -> {
                    String joiner = Wire.readString(in);
                    if (isLeader() && !raft.members().contains(joiner)) {
                        changeMembership(joiner, true);
                    }
                }
                case REMOVE -> {
                    long id = in.readLong();
                    String member = Wire.readString(in);
                    Address from = message.src();
                    removeMember(member).whenComplete((ok, error) -> send(from, REMOVED, out -> {
                        out.writeLong(id);
                        Wire.writeString(out, error == null ? null : String.valueOf(error.getMessage()));
                    }));
                }
                case REMOVED -> {
                    CompletableFuture<Void> waiting = removals.get(in.readLong());
                    String error = Wire.readString(in);
                    if (waiting != null && error == null) {
                        waiting.complete(null);
                    } else if (waiting != null) {
                        waiting.completeExceptionally(new Unavailable("the leader could not remove the member: "
                                + error, Unavailable.Outcome.UNKNOWN));
                    }
                }
                default -> LOG.debug("ignoring cluster message of type {}", type);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("unreadable cluster message from {}: {}", message.src(), e.toString());
        }
    }

    /** Same seq, other checksum: replicas disagree. Raft should make this impossible; say so loudly if not. */
    private void checkDivergence(NodeStatus other) {
        Version mine = view.state().history().get(other.seq());
        if (mine != null && other.checksum() != null && !mine.checksum().equals(other.checksum())) {
            String found = "version " + other.seq() + " is " + mine.checksum() + " here but " + other.checksum()
                    + " on '" + other.name() + "'";
            if (divergence == null) {
                LOG.error("DIVERGENCE: {}", found);
            }
            divergence = found;
            servingState = state();
        }
    }

    private interface Body {
        void writeTo(DataOutputStream out) throws IOException;
    }

    private void send(Address to, byte type, Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(type);
            body.writeTo(out);
            out.flush();
            channel.send(new BytesMessage(to, bytes.toByteArray()));
        } catch (Exception e) {
            LOG.debug("could not send cluster message: {}", e.toString());
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        reads.close();
        log.close();
        channel.close();
    }
}
