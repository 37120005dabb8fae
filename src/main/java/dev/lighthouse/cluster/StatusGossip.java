package dev.lighthouse.cluster;

import dev.lighthouse.apply.StateView;
import dev.lighthouse.store.Version;
import java.io.DataInputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jgroups.Address;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the members tell each other twice a second ({@link NodeStatus}), and
 * what follows from it: {@code /cluster}'s view, where each member's HTTP and
 * cluster addresses are, how far behind the leader this node is, and whether
 * any member serves another document under a seq this node holds (a
 * divergence, which Raft should make impossible and which is never smoothed
 * over). Thread-safe.
 */
final class StatusGossip {

    private static final Logger LOG = LoggerFactory.getLogger(StatusGossip.class);
    private static final long STALE_MILLIS = 2000;

    /** A member's last status, when it came and from which address. */
    record Heard(NodeStatus status, long atMillis, Address address) {
    }

    private final String self;
    private final Clock clock;
    private final StateView view;
    private final ClusterMessages messages;
    private final Runnable onDivergence;
    private final Map<String, Heard> heard = new ConcurrentHashMap<>();
    private volatile String divergence;

    /** @param onDivergence told (on the receiving thread) when a divergence is first seen */
    StatusGossip(String self, Clock clock, StateView view, ClusterMessages messages, Runnable onDivergence) {
        this.self = self;
        this.clock = clock;
        this.view = view;
        this.messages = messages;
        this.onDivergence = onDivergence;
        messages.on(ClusterMessages.STATUS, this::received);
    }

    /** Tells every member this node's status, and remembers it as heard from itself. */
    void tell(NodeStatus status, Address address) {
        heard.put(self, new Heard(status, clock.millis(), address));
        byte[] body = status.encode();
        messages.send(null, ClusterMessages.STATUS, out -> out.write(body));
    }

    private void received(Address from, DataInputStream in) throws IOException {
        byte[] rest = in.readAllBytes();
        NodeStatus status = NodeStatus.decode(rest, 0, rest.length);
        heard.put(status.name(), new Heard(status, clock.millis(), from));
        checkDivergence(status);
    }

    /** The member's last status, or null when it has not been heard from. */
    Heard of(String member) {
        return member == null ? null : heard.get(member);
    }

    /** A description of the divergence seen, or null. */
    String divergence() {
        return divergence;
    }

    /** The other members' cluster addresses (host:port), as last heard, for the member file. */
    List<String> peerAddresses(List<String> members) {
        List<String> peers = new ArrayList<>();
        for (String member : members) {
            Heard h = member.equals(self) ? null : heard.get(member);
            if (h != null && h.status().cluster() != null) {
                peers.add(h.status().cluster());
            }
        }
        return peers;
    }

    /**
     * Raft members, plus nodes heard from recently that are not members yet (joining). A member
     * not heard from for {@value #STALE_MILLIS} ms is unreachable; a removed node that still runs
     * drops out once it is no longer a member.
     */
    ClusterView view(NodeStatus selfNow, Address selfAddress, List<String> raftMembers, String leader) {
        long now = clock.millis();
        heard.put(self, new Heard(selfNow, now, selfAddress));
        Map<String, ClusterView.Member> members = new TreeMap<>();
        for (Heard h : heard.values()) {
            NodeStatus s = h.status();
            boolean member = raftMembers.contains(s.name());
            boolean fresh = now - h.atMillis() <= STALE_MILLIS;
            if (!member && (!fresh || NodeState.of(s.state()) == NodeState.REMOVED)) {
                continue;
            }
            String state = !fresh ? "unreachable"
                    : member && NodeState.of(s.state()) != NodeState.JOINING ? "active" : "joining";
            members.put(s.name(), new ClusterView.Member(s.name(), s.http(), s.cluster(), s.seq(), s.checksum(), state));
        }
        for (String member : raftMembers) {
            members.putIfAbsent(member, new ClusterView.Member(member, null, null, -1, null, "unreachable"));
        }
        return new ClusterView(self, leader, List.copyOf(members.values()), divergence);
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
            onDivergence.run();
        }
    }
}
