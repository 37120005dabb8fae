/**
 * Lighthouse's changes to jgroups-raft (1.1.4), kept together so that an
 * upgrade of that library is checked against this one folder: every class
 * that subclasses or implements a jgroups-raft type, or reaches into RAFT's
 * protected state, is here. The one exception is the Raft log on disk,
 * {@code dev.lighthouse.cluster.log}, which implements jgroups-raft's
 * {@code Log} interface but stays with the rest of the log's files. Why each
 * change was needed is in docs/cluster.md ("Workarounds for jgroups-raft").
 *
 * <ul>
 * <li>{@link dev.lighthouse.cluster.raft.LighthouseRaft} (extends {@code RAFT}):
 *     applied entries learn their log index; the commit index is recorded before
 *     applying, and a new leader appends a no-op; a busy leader still tells
 *     followers of commits and lets laggards catch up; whole-document snapshots
 *     go only to members behind the log, and the log is truncated only as far as
 *     data.d is durable; start-up replays data.d plus the log; a failing disk
 *     refuses writes or steps the leader down; read-only requests are refused.
 *     {@code StartupReplay} (with {@code LostEntries}), {@code SnapshotPolicy} and
 *     {@code Throttle} are parts of it, split off to keep it readable.</li>
 * <li>{@link dev.lighthouse.cluster.raft.LighthouseElection} (extends {@code ELECTION}):
 *     a node that knows no Raft membership yet never runs a vote.</li>
 * <li>{@link dev.lighthouse.cluster.raft.CommitNews} (an {@code AppendEntriesRequest}
 *     header): the commit index alone, which the follower does not answer.</li>
 * <li>{@link dev.lighthouse.cluster.raft.ReadIndex},
 *     {@link dev.lighthouse.cluster.raft.ReadIndexClient} and their
 *     {@link dev.lighthouse.cluster.raft.ReadHeader} (a {@code RaftHeader}):
 *     consistent reads in place of jgroups-raft's read-only requests, which commit
 *     without a majority; the leader's side runs on RAFT's runner thread and
 *     reads its term, leader, log and membership.</li>
 * <li>{@link dev.lighthouse.cluster.raft.ReplicatedStateMachine} (a {@code StateMachine}):
 *     committed entries become the applier's commands, and the node that submitted
 *     one answers its client when it applies the entry itself, not through the
 *     result jgroups-raft sends back ({@code PendingRequests}). At start-up an entry
 *     may be applied for its document or its sessions and groups alone
 *     ({@code RefusedFences} keeps fenced writes' outcomes for that). The entries' and
 *     snapshots' formats are Lighthouse's own ({@code CommandCodec},
 *     {@code CoordinationCodec}, {@code SnapshotCodec}, {@code CoordinationSnapshot},
 *     {@code Wire}); they are here, although an upgrade does
 *     not touch them, so that this package needs nothing from
 *     {@code dev.lighthouse.cluster}, which builds on it.</li>
 * <li>{@link dev.lighthouse.cluster.raft.RaftCommandLog} (over {@code RaftHandle}):
 *     writes forwarded to a leader that then leaves fail at once, where
 *     jgroups-raft would let them wait out the write timeout.</li>
 * </ul>
 *
 * <p>Two workarounds for jgroups-raft use only its public API and core JGroups,
 * and so live in {@code dev.lighthouse.cluster}: {@code LeaderlessVote} (starts
 * ELECTION's vote when jgroups-raft would not) and {@code VotersFirst} (a
 * JGroups membership policy). An upgrade should check them too.
 */
package dev.lighthouse.cluster.raft;
