package dev.lighthouse.cluster;

import dev.lighthouse.cluster.log.SegmentedLog;
import dev.lighthouse.cluster.raft.LighthouseElection;
import dev.lighthouse.cluster.raft.LighthouseRaft;
import dev.lighthouse.cluster.raft.PendingRequests;
import dev.lighthouse.cluster.raft.ReplicatedStateMachine;
import dev.lighthouse.store.StorageHealth;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.jgroups.JChannel;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.protocols.raft.NO_DUPES;
import org.jgroups.protocols.raft.REDIRECT;
import org.jgroups.stack.Protocol;

/**
 * The JGroups stack, built in code so every address and port comes from the
 * node's flags: TCP on the bind address only, sealed with the cluster secret
 * right above it ({@link ClusterSeal}), discovery by TCP to the listed hosts
 * only (never multicast), failure detection tuned for a fail-over in about a
 * second, then Raft with leader election and request forwarding.
 */
final class ClusterStack {

    /** Suspected members are checked this long before they are dropped from the view. */
    private static final long VERIFY_SUSPECT_MILLIS = 500;

    private ClusterStack() {
    }

    /**
     * JGroups' TCP refuses port 0 when discovery is by a fixed host list, so a free port is
     * picked here. Another process could take it before JGroups binds; start-up then fails with
     * "address in use" rather than anything subtler.
     */
    static int freePort(InetAddress bind) throws java.io.IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, bind)) {
            return probe.getLocalPort();
        }
    }

    /**
     * Builds (never connects) a stack, so that loading and initialising JGroups' classes can run
     * on another core while data.d is being loaded.
     */
    static void warmUp() {
        try {
            LighthouseRaft raft = new LighthouseRaft(new ReplicatedStateMachine(null, new PendingRequests()),
                    new StorageHealth(), null);
            create("warm-up", InetAddress.getLoopbackAddress(), 1, List.of(), true, false, raft, List.of("warm-up"),
                    null, null).close();
        } catch (Exception e) {
            // only a head start: the real stack is built the same way and reports its own failures
        }
    }

    /**
     * @param hosts     cluster addresses to look for peers at (seeds, remembered members, self)
     * @param alone     no peer is expected (a new single node): do not wait long for answers
     * @param voter     this node knows it is a Raft member (it bootstraps, or was one before): see {@link VotersFirst}
     * @param log       the Raft log, opened; null only for a stack that is never connected
     * @param key       the cluster's key, or null when this node has no cluster secret
     */
    static JChannel create(String name, InetAddress bind, int port, List<InetSocketAddress> hosts, boolean alone,
                           boolean voter, LighthouseRaft raft, List<String> members, SegmentedLog log, ClusterKey key)
            throws Exception {
        TCP tcp = new TCP();
        tcp.setBindAddr(bind);
        tcp.setValue("bind_port", port);
        tcp.setValue("port_range", 0);
        // Raft's messages are small and each waits for an answer: never let Nagle hold one back.
        tcp.setValue("tcp_nodelay", true);
        TCPPING ping = new TCPPING();
        ping.setInitialHosts(hosts);
        ping.setPortRange(0);
        // Answers from every member a seed knows, not just the seed: one seed is enough to find the cluster.
        ping.returnEntireCache(true);
        ping.setValue("break_on_coord_rsp", false);
        FD_SOCK2 socketFailureDetection = new FD_SOCK2();
        socketFailureDetection.setBindAddress(bind);
        FD_ALL3 heartbeats = new FD_ALL3();
        heartbeats.setTimeout(3000);
        heartbeats.setInterval(1000);
        VERIFY_SUSPECT2 verify = new VERIFY_SUSPECT2();
        verify.setTimeout(VERIFY_SUSPECT_MILLIS);
        NAKACK2 nakack = new NAKACK2();
        nakack.useMcastXmit(false);
        MERGE3 merge = new MERGE3();
        merge.setMinInterval(1000);
        merge.setMaxInterval(3000);
        GMS gms = new GMS();
        gms.setJoinTimeout(alone ? 10 : 1000); // alone: nobody to wait for
        gms.setValue("print_local_addr", false);
        gms.setMembershipChangePolicy(new VotersFirst());
        raft.raftId(name);
        raft.members(members);
        if (log != null) {
            raft.log(log);
        }
        raft.logUseFsync(true);
        raft.resendInterval(100);
        raft.maxLogSize(1_000_000);
        // Below discovery, so that a node without the secret cannot even find the cluster (and
        // MERGE3 never tries to merge with one that found it), and everything above is sealed.
        String host = bind.getHostAddress().contains(":") ? "[" + bind.getHostAddress() + "]" : bind.getHostAddress();
        ClusterSeal seal = new ClusterSeal(key, name + " (" + host + ":" + port + ")");
        Protocol[] protocols = {tcp, seal, ping, merge, socketFailureDetection, heartbeats, verify, nakack, new UNICAST3(),
                new STABLE(), new NO_DUPES(), gms, new FRAG4(), new LighthouseElection(), raft, new REDIRECT()};
        JChannel channel = new JChannel(protocols);
        channel.name(name);
        if (voter) {
            VotersFirst.markVoter(channel);
        }
        return channel;
    }
}
