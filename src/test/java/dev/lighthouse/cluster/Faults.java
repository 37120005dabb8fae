package dev.lighthouse.cluster;

import dev.lighthouse.cluster.raft.ReadHeader;
import dev.lighthouse.testing.TestServer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jgroups.Address;
import org.jgroups.Message;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.TP;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.stack.Protocol;
import org.jgroups.stack.ProtocolStack;

/**
 * Network faults for in-JVM cluster tests, injected into running nodes' JGroups stacks through
 * {@link ClusterNode#channel()}. Production stacks never contain these protocols.
 */
final class Faults {

    private Faults() {
    }

    static Address address(TestServer node) {
        return node.node().cluster().channel().getAddress();
    }

    /**
     * The node's DISCARD, inserted right above the transport on first use: whatever it drops is
     * lost on the wire as far as every protocol above (failure detection, Raft) can tell.
     */
    static DISCARD discard(TestServer node) throws Exception {
        ProtocolStack stack = node.node().cluster().channel().getProtocolStack();
        DISCARD discard = stack.findProtocol(DISCARD.class);
        if (discard == null) {
            discard = new DISCARD();
            discard.setAddress(address(node));
            stack.insertProtocol(discard, ProtocolStack.Position.ABOVE, TP.class);
        }
        return discard;
    }

    /** Cuts {@code side} off from {@code others} in both directions: each side drops what the other sends. */
    static void partition(List<TestServer> side, List<TestServer> others) throws Exception {
        for (TestServer a : side) {
            for (TestServer b : others) {
                discard(a).addIgnoreMember(address(b));
                discard(b).addIgnoreMember(address(a));
            }
        }
    }

    static void heal(List<TestServer> nodes) throws Exception {
        for (TestServer node : nodes) {
            discard(node).resetIgnoredMembers();
        }
    }

    /**
     * Inserted right below RAFT: while closed, drops this node's answers to the leader's read-index
     * probes, so that the leader's confirmation rounds stay unconfirmed until {@link #open()}.
     */
    static final class ProbeAnswerGate extends Protocol {
        private volatile boolean closed = true;

        static ProbeAnswerGate install(TestServer node) throws Exception {
            ProbeAnswerGate gate = new ProbeAnswerGate();
            node.node().cluster().channel().getProtocolStack()
                    .insertProtocol(gate, ProtocolStack.Position.BELOW, RAFT.class);
            return gate;
        }

        void open() {
            closed = false;
        }

        @Override
        public Object down(Message msg) {
            if (closed && msg.getHeader(up_prot.getId()) instanceof ReadHeader h && h.kind() == ReadHeader.Kind.ACK) {
                return null;
            }
            return down_prot.down(msg);
        }
    }

    /**
     * Inserted right below RAFT: drops what Raft sends to any member not allowed, so a node that
     * joins the group gets neither log entries nor a snapshot until {@link #open()}.
     */
    static final class RaftGate extends Protocol {
        private final Set<Address> allowed = ConcurrentHashMap.newKeySet();
        private volatile boolean closed = true;

        static RaftGate install(TestServer node, List<TestServer> allowed) throws Exception {
            RaftGate gate = new RaftGate();
            for (TestServer member : allowed) {
                gate.allowed.add(address(member));
            }
            node.node().cluster().channel().getProtocolStack()
                    .insertProtocol(gate, ProtocolStack.Position.BELOW, RAFT.class);
            return gate;
        }

        void open() {
            closed = false;
        }

        @Override
        public Object down(Message msg) {
            if (closed && msg.getDest() != null && !allowed.contains(msg.getDest())) {
                return null;
            }
            return down_prot.down(msg);
        }
    }
}
