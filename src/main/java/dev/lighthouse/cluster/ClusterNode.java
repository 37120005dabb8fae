package dev.lighthouse.cluster;

import dev.lighthouse.apply.Applier;
import dev.lighthouse.apply.CommandLog;
import dev.lighthouse.apply.Leadership;
import dev.lighthouse.apply.StateView;
import dev.lighthouse.cluster.log.SegmentedLog;
import dev.lighthouse.cluster.raft.LighthouseRaft;
import dev.lighthouse.cluster.raft.PendingRequests;
import dev.lighthouse.cluster.raft.RaftCommandLog;
import dev.lighthouse.cluster.raft.ReadIndexClient;
import dev.lighthouse.cluster.raft.ReplicatedStateMachine;
import dev.lighthouse.error.Unavailable;
import dev.lighthouse.store.OwnerOnly;
import dev.lighthouse.store.StartRefused;
import dev.lighthouse.store.StorageHealth;
import dev.lighthouse.store.Version;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.protocols.raft.Role;
import org.jgroups.raft.RaftHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's place in the cluster: the JGroups channel with Raft and the
 * command log on top of it, put together from parts with one job each, which
 * a status round drives twice a second: {@link StatusGossip} (what members tell
 * each other), {@link Membership} (joining, removal, the member file),
 * {@link ServingState} (whether this node serves), {@link LeaderlessVote} and,
 * on a new cluster's first leader, the {@link Seeder}. A single node is a
 * cluster of one built the same way.
 *
 * <p>Built without side effects; {@link #start} opens the Raft log, connects and
 * starts the status rounds, {@link #close} undoes what started.
 */
public final class ClusterNode implements Cluster, AutoCloseable {

    static {
        // Before any JGroups class picks its logger: see JGroupsLog for why not JGroups' own adapters.
        org.jgroups.logging.LogFactory.setCustomLogFactory(JGroupsLog.FACTORY);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    private static final String CLUSTER_NAME = "lighthouse";
    private static final long STATUS_MILLIS = 500;

    private final NodeSettings settings;
    private final String name;
    private final Applier applier;
    private final StateView view;
    private final Clock clock;
    private final Path clusterDir;
    private final boolean founder;
    private final List<InetSocketAddress> hosts;
    private final MemberFile.Content saved;
    private final PendingRequests pending = new PendingRequests();
    private final ReplicatedStateMachine machine;
    private final LighthouseRaft raft;
    private final ClusterMessages messages = new ClusterMessages();
    private final StatusGossip gossip;
    private final Membership membership;
    private final ServingState serving;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "lighthouse-cluster-status");
        t.setDaemon(true);
        return t;
    });
    private SegmentedLog raftLog;
    private JChannel channel;
    private RaftHandle handle;
    private RaftCommandLog log;
    private ReadIndexClient reads;
    private LeaderlessVote leaderlessVote;
    private Seeder seeder;
    private RenewalRelay renewals;
    private volatile String http;
    private volatile String clusterAddress;

    /**
     * @param applier the applier over data.d's state; it must resume at {@link NodeSettings#resumeIndex}
     * @throws IllegalArgumentException when data.d belongs to a node of another name
     */
    public ClusterNode(NodeSettings settings, Applier applier, StateView view, Clock clock) {
        this.settings = settings;
        this.name = settings.name();
        this.applier = applier;
        this.view = view;
        this.clock = clock;
        this.clusterDir = settings.clusterDir();
        MemberFile.Content found = new MemberFile(clusterDir).read();
        if (found != null && !found.self().equals(name)) {
            throw new StartRefused("data.d belongs to cluster node '" + found.self() + "', not '" + name
                    + "'; start it with --name=" + found.self());
        }
        this.saved = found != null ? found : new MemberFile.Content(name, List.of(), false);
        // A new cluster looks for nobody; a node that has Raft state rejoins whoever it knew.
        this.founder = settings.founds();
        this.hosts = founder ? List.of() : settings.hosts(saved.peers());
        this.machine = new ReplicatedStateMachine(applier, pending);
        this.raft = new LighthouseRaft(machine, settings.health(), settings.durability());
        this.gossip = new StatusGossip(name, clock, view, messages, this::stateChanged);
        this.membership = new Membership(name, raft, messages, gossip, new MemberFile(clusterDir), saved,
                settings.health(), applier::seeded);
        this.serving = new ServingState(raft, applier, gossip, membership);
    }

    /** Opens the Raft log, replays it into the applier, connects to the cluster (or starts one) and starts the rounds. */
    public void start() throws Exception {
        OwnerOnly.directory(clusterDir);
        InetAddress bind = InetAddress.getByName(settings.bind());
        int port = settings.clusterPort() != 0 ? settings.clusterPort() : ClusterStack.freePort(bind);
        raftLog = new SegmentedLog(settings.health(), SegmentedLog.DEFAULT_SEGMENT_BYTES);
        raftLog.init(clusterDir.resolve(name + ".log").toString(), new HashMap<>());
        channel = ClusterStack.create(name, bind, port, hosts, hosts.isEmpty(), founder || saved.joined(), raft,
                founder ? List.of(name) : Membership.atStart(name, raftLog, saved), raftLog, settings.key());
        handle = new RaftHandle(channel, machine);
        log = new RaftCommandLog(handle, pending, settings.writeTimeout(), settings.health());
        reads = new ReadIndexClient(raft, settings.writeTimeout());
        raft.readIndex().client(reads);
        seeder = new Seeder(name, founder, raft, log, applier, membership, clock);
        renewals = new RenewalRelay(raft, reads, messages, settings.writeTimeout());
        channel.setReceiver(new ChannelReceiver(messages, log, renewals));
        messages.attach(channel);
        raft.addRoleListener(this::onRoleChange);
        channel.connect(CLUSTER_NAME);
        leaderlessVote = new LeaderlessVote(channel, raft);
        org.jgroups.PhysicalAddress physical = (org.jgroups.PhysicalAddress) channel.down(
                new org.jgroups.Event(org.jgroups.Event.GET_PHYSICAL_ADDRESS, channel.getAddress()));
        String text = physical.printIpAddress();
        clusterAddress = text.startsWith("/") ? text.substring(1) : text;
        ticker.scheduleWithFixedDelay(this::round, 0, STATUS_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info("cluster node '{}' on {} ({}); Raft members {}", name, clusterAddress,
                founder ? "new cluster" : "joining through " + hosts, raft.members());
        SecretNotices.atStart(name, settings.key(), settings.bootstrap() || !hosts.isEmpty(), clusterAddress);
        SecretNotices.ifNobodyAnswered(name, channel.getView(), hosts, settings.key() != null);
    }

    /** Loads and initialises the cluster stack's classes ahead of time, off the start-up path. */
    public static void warmUp() {
        ClusterStack.warmUp();
    }

    /** True when this node looks for no peers: a new cluster, or a cluster of one restarted. */
    public boolean expectsNoPeers() {
        return hosts.isEmpty();
    }

    /**
     * Waits (bounded) until this node serves: elected, seeded and current. For a node that
     * expects no peers this takes milliseconds, and writes sent before it would only be retried.
     */
    public void awaitServing(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (serving.round() != NodeState.ACTIVE && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        if (serving.lastRound() != NodeState.ACTIVE) {
            LOG.warn("not serving after {} ms: {}", timeoutMillis, serving.lastRound().text());
        }
        round();
    }

    private void round() {
        try {
            NodeState state = serving.round();
            gossip.tell(status(state), channel.getAddress());
            membership.round();
            leaderlessVote.round();
            raft.snapshots().round();
        } catch (RuntimeException e) {
            LOG.warn("cluster status round failed: {}", e.toString());
        }
    }

    private void stateChanged() {
        serving.round();
    }

    private NodeStatus status(NodeState state) {
        Version current = applier.state().current();
        return new NodeStatus(name, http, clusterAddress, current.seq(), current.checksum(), applier.appliedIndex(),
                state.text());
    }

    private void onRoleChange(Role role) {
        LOG.info("Raft role of '{}' is now {}", name, role);
        if (role == Role.Leader) {
            ticker.execute(seeder::onLeading);
        }
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

    /** Test hook: data.d's durability, which tests force instead of waiting for it. */
    NodeSettings settings() {
        return settings;
    }

    /** Test hook: the state this node serves. */
    StateView stateView() {
        return view;
    }

    /** Who leads, for the session keeper; exists once {@link #start} ran. */
    public Leadership leadership() {
        return renewals;
    }

    /** Where renewals passed on by the other members are served (the leader's session keeper). */
    public void serveRenewals(
            java.util.function.Function<List<String>, List<CompletableFuture<Duration>>> renewal) {
        renewals.serveWith(renewal);
    }

    /** The command log writes go through; exists once {@link #start} ran. */
    public CommandLog commandLog() {
        return log;
    }

    @Override
    public String name() {
        return name;
    }

    /** The last Raft log index this node applied. */
    public long appliedIndex() {
        return applier.appliedIndex();
    }

    /** Log entries the leader has applied and this node has not, as of the leader's last status; 0 on the leader. */
    public long replicationLag() {
        StatusGossip.Heard leader = gossip.of(leader());
        return leader == null || isLeader() ? 0 : Math.max(0, leader.status().applied() - applier.appliedIndex());
    }

    /** Told once HTTP listens, so the others can show and forward to it. */
    public void advertiseHttp(String baseUrl) {
        this.http = baseUrl;
        round();
    }

    @Override
    public boolean isLeader() {
        return handle != null && handle.isLeader();
    }

    /** @return the leader's name, or null while there is none */
    public String leader() {
        Address leader = raft.leader();
        return leader == null ? null : leader.toString();
    }

    @Override
    public NodeState state() {
        return serving.now();
    }

    @Override
    public NodeState servingState() {
        return serving.lastRound();
    }

    @Override
    public StorageHealth storage() {
        return settings.health();
    }

    @Override
    public String divergence() {
        return gossip.divergence();
    }

    @Override
    public CompletableFuture<Void> consistentRead() {
        long deadline = System.nanoTime() + settings.writeTimeout().toNanos();
        return reads.readIndex().thenCompose(index -> applier.whenApplied(index)
                .orTimeout(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                .exceptionallyCompose(error -> CompletableFuture.failedFuture(
                        error instanceof TimeoutException || error.getCause() instanceof TimeoutException
                                ? new Unavailable("this node did not catch up with the leader in time",
                                        Unavailable.Outcome.NOT_APPLIED)
                                : error)));
    }

    @Override
    public Duration writeTimeout() {
        return settings.writeTimeout();
    }

    @Override
    public ClusterView view() {
        return gossip.view(status(serving.now()), channel.getAddress(), raft.members(), leader());
    }

    @Override
    public CompletableFuture<Void> removeMember(String member) {
        return membership.remove(member);
    }

    /** Stops the rounds and leaves the cluster; whatever {@link #start} did not get to is skipped. */
    @Override
    public void close() {
        ticker.shutdownNow();
        if (renewals != null) {
            renewals.close();
        }
        if (reads != null) {
            reads.close();
            raft.snapshots().compactAtStop();
        }
        if (log != null) {
            log.close();
        }
        if (channel != null) {
            channel.close();
        }
        if (raftLog != null) {
            raftLog.close(); // RAFT closed it if it started; if not, its spare thread stops here
        }
    }
}
