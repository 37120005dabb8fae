/**
 * This node's place in the cluster: every node, a single one included, commits
 * through Raft, so there is one write path to keep right. {@link
 * dev.lighthouse.cluster.ClusterNode} wires it and implements {@link
 * dev.lighthouse.cluster.Cluster}, the small interface {@code http} uses; the jobs a
 * status round drives (status gossip, membership, whether this node serves, a
 * new cluster's seed) and the JGroups stack, sealed with the cluster secret,
 * are here, and use only public API: JGroups', jgroups-raft's (to build the
 * stack, submit and watch roles) and the {@code raft} package's.
 *
 * <p>What changes jgroups-raft itself is in {@link dev.lighthouse.cluster.raft},
 * so that an upgrade of that library touches one folder; the Raft log on disk
 * is {@link dev.lighthouse.cluster.log}. Both sit below this package and never
 * use it.
 */
package dev.lighthouse.cluster;
