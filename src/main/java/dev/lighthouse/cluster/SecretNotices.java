package dev.lighthouse.cluster;

import java.net.InetSocketAddress;
import java.util.List;
import org.jgroups.View;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a node says at start about how its cluster traffic is protected, and why it may be alone. */
final class SecretNotices {

    private static final Logger LOG = LoggerFactory.getLogger(SecretNotices.class);

    private SecretNotices() {
    }

    /** @param clustered the node bootstraps a cluster or looks for peers (not a single node on its own) */
    static void atStart(String name, ClusterKey key, boolean clustered, String clusterAddress) {
        if (key != null) {
            LOG.info("'{}': cluster traffic on {} is encrypted and authenticated with the secret from {}", name,
                    clusterAddress, key.origin());
        } else if (clustered) {
            LOG.warn("'{}': cluster traffic on {} is unauthenticated and unencrypted: anyone who can reach this port"
                    + " can join the cluster, read the configuration and change it. Give every member the same"
                    + " cluster.secretFile (docs/security.md)", name, clusterAddress);
        } else {
            LOG.info("'{}': no cluster secret; this node expects no peers, and cluster traffic to any would be"
                    + " unauthenticated and unencrypted (docs/security.md)", name);
        }
    }

    /**
     * A node that looked for peers and is alone in its view after connecting heard nothing back;
     * if they run, they refused it, and a secret that differs (or exists on one side only) is the
     * usual reason. It keeps looking, and merges with them if they appear.
     */
    static void ifNobodyAnswered(String name, View view, List<InetSocketAddress> hosts, boolean hasSecret) {
        if (hosts.isEmpty() || view == null || view.size() > 1) {
            return;
        }
        LOG.warn("'{}' got no answer from any cluster member at {}; still looking. If they are running, they"
                + " refuse this node, and a cluster secret mismatch is the likely cause: {} Their logs name this"
                + " node as refused. See docs/security.md", name, text(hosts),
                hasSecret ? "this node has a cluster secret; is it the one they hold?"
                        : "this node has no cluster secret; do they have one?");
    }

    private static List<String> text(List<InetSocketAddress> hosts) {
        return hosts.stream().map(host -> host.getHostString() + ":" + host.getPort()).toList();
    }
}
