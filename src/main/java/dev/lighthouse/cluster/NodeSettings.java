package dev.lighthouse.cluster;

import dev.lighthouse.config.HostPort;
import dev.lighthouse.store.Durability;
import dev.lighthouse.store.StorageHealth;
import dev.lighthouse.store.Version;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where and how a node joins its cluster.
 *
 * @param key        the key derived from the secret every member shares, or null for unencrypted traffic
 * @param health     told when this node's storage fails and recovers
 * @param durability how far data.d is durable: how far the Raft log may forget
 */
public record NodeSettings(String name, String bind, int clusterPort, List<String> seeds, boolean bootstrap,
                           Path dataDir, Duration writeTimeout, ClusterKey key, StorageHealth health,
                           Durability durability) {

    Path clusterDir() {
        return dataDir.resolve("cluster");
    }

    /** Whether this node was in a cluster before (its Raft log exists). */
    boolean hasRaftState() {
        return Files.isDirectory(clusterDir().resolve(name + ".log"));
    }

    /**
     * Where the applier over data.d resumes: the log index of data.d's current version when this
     * node already has Raft state (its state descends from the log's seed), else 0 (not seeded).
     */
    public long resumeIndex(Version current) {
        return hasRaftState() ? current.index() : 0;
    }

    /** A node with no Raft state that was told to bootstrap, or given no seeds, starts a new cluster. */
    boolean founds() {
        return !hasRaftState() && (bootstrap || seeds.isEmpty());
    }

    /** Where to look for the cluster: the seeds, then the peers the member file remembers. */
    List<InetSocketAddress> hosts(List<String> rememberedPeers) {
        Set<String> texts = new LinkedHashSet<>(seeds);
        texts.addAll(rememberedPeers);
        List<InetSocketAddress> hosts = new ArrayList<>();
        for (String host : texts) {
            InetSocketAddress parsed = HostPort.parse(host);
            hosts.add(new InetSocketAddress(parsed.getHostString(), parsed.getPort()));
        }
        return hosts;
    }
}
