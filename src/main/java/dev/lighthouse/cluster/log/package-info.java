/**
 * The Raft log on disk: checksummed entries in pre-allocated segment files,
 * the term, vote and commit index in two alternating checksummed slots, and
 * the snapshot, each written so that a full disk or a crash at any instant
 * leaves files that start-up can read back, or at worst cut back to the last
 * entry that verifies. jgroups-raft's RAFT protocol uses it through its
 * {@code Log} interface.
 */
package dev.lighthouse.cluster.log;
