package dev.lighthouse.cluster.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.apply.Applier;
import dev.lighthouse.apply.Command;
import dev.lighthouse.apply.Edit;
import dev.lighthouse.apply.StateView;
import dev.lighthouse.apply.StoreState;
import dev.lighthouse.cluster.log.SegmentedLog;
import dev.lighthouse.coord.Fence;
import dev.lighthouse.coord.Member;
import dev.lighthouse.store.StorageHealth;
import dev.lighthouse.store.Version;
import dev.lighthouse.store.VersionHistory;
import dev.lighthouse.testing.CoordinationDump;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.NumberNode;
import dev.lighthouse.tree.StringNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jgroups.protocols.raft.LogEntries;
import org.jgroups.protocols.raft.LogEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up from data.d, the snapshot and the log, when data.d holds the document and the
 * snapshot the sessions and groups, each as of its own log index. An original node applies a
 * sequence of commands (and snapshots once); a restarted one begins from what data.d held at
 * one of its versions plus that snapshot, replays the log, and must reach exactly the original's
 * state: document, lock, sessions, groups, tokens, times.
 */
class StartupReplayTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final JsonPath GROUP = JsonPath.of("app", "db");

    @TempDir
    Path temp;

    private final StateView view = new StateView(new StoreState(VersionHistory.of(List.of(Version.empty())), null));
    private final Applier applier = new Applier(effect -> { }, 10, 100, view, false, 0);
    private final ReplicatedStateMachine machine = new ReplicatedStateMachine(applier, new PendingRequests());
    private final List<byte[]> entries = new ArrayList<>();
    private final Map<Long, StoreState> stateAfter = new HashMap<>();
    private long index;
    private long snapshotIndex;
    private byte[] snapshot;

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    /** Appends and applies one entry on the original node; returns its index. */
    private long append(Command command) throws IOException {
        long at = ++index;
        byte[] entry = CommandCodec.encode(new CommandCodec.RequestId(1, at), command);
        machine.apply(entry, 0, entry.length, at);
        entries.add(entry);
        stateAfter.put(at, view.state());
        return at;
    }

    private long patch(String key, long value, Fence fence, Instant now) throws IOException {
        return append(new Command.PatchDocument(new Edit.Put(JsonPath.of(key), NumberNode.of(value)), null, null,
                fence, now));
    }

    /** The original's own snapshot, as of the last entry. */
    private void snapshot() throws Exception {
        snapshotIndex = index;
        machine.indexSources(() -> 0, () -> snapshotIndex);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        machine.writeContentTo(out);
        out.flush();
        snapshot = bytes.toByteArray();
    }

    /** Committed up to the last entry unless told otherwise. */
    private ReplicatedStateMachine restart(long dataDirAt, boolean truncate) throws Exception {
        return restart(dataDirAt, truncate, index);
    }

    /**
     * A node restarted with the original's log (committed up to {@code commitIndex}; truncated at
     * the snapshot when {@code truncate}), its snapshot, and data.d as it was after entry
     * {@code dataDirAt}, which made a version (the lock is free there): no sessions or groups.
     */
    private ReplicatedStateMachine restart(long dataDirAt, boolean truncate, long commitIndex) throws Exception {
        StoreState dataDir = stateAfter.get(dataDirAt);
        assertEquals(dataDirAt, dataDir.current().index(), "entry " + dataDirAt + " made data.d's newest version");
        StateView restartedView = new StateView(new StoreState(dataDir.history(), null, dataDir.hooks()));
        Applier restarted = new Applier(effect -> { }, 10, 100, restartedView, true, dataDirAt);
        ReplicatedStateMachine restartedMachine = new ReplicatedStateMachine(restarted, new PendingRequests());
        try (SegmentedLog log = new SegmentedLog(new StorageHealth(), SegmentedLog.DEFAULT_SEGMENT_BYTES)) {
            log.init(temp.resolve("node.log").toString(), new HashMap<>());
            for (int i = 0; i < entries.size(); i++) {
                log.append(i + 1, new LogEntries().add(new LogEntry(1, entries.get(i))));
            }
            log.commitIndex(commitIndex);
            if (snapshot != null) {
                log.setSnapshot(ByteBuffer.wrap(snapshot));
                if (truncate) {
                    log.truncate(snapshotIndex);
                }
            }
            StartupReplay.run(log, commitIndex, restartedMachine, new StartupReplay.Raft() {
                @Override
                public void readMembership(java.io.DataInput in) {
                    // The test's snapshot holds the state machine's part alone.
                }

                @Override
                public void executeInternal(byte[] command, int offset, int length) {
                    throw new AssertionError("no internal entries here");
                }
            });
        }
        return restartedMachine;
    }

    /** The restarted node's state equals the original's after entry {@code at}, whole. */
    private static void assertSameState(StoreState expected, ReplicatedStateMachine restarted) {
        StoreState actual = restarted.applier().state();
        assertEquals(expected.current().seq(), actual.current().seq(), "seq");
        assertEquals(expected.current().checksum(), actual.current().checksum(), "checksum");
        assertEquals(expected.current().timestamp(), actual.current().timestamp(), "version timestamp");
        assertEquals(expected.lock() == null ? null : expected.lock().name(),
                actual.lock() == null ? null : actual.lock().name(), "lock");
        assertEquals(CoordinationDump.of(expected.coordination()), CoordinationDump.of(actual.coordination()));
    }

    /**
     * The snapshot is older than data.d: the entries between are applied for their sessions and
     * groups only, each at the time it was first applied at, not at data.d's newer one.
     */
    @Test
    void sessionsChangedBetweenTheSnapshotAndDataDirsNewestVersionKeepTheirTimes() throws Exception {
        append(new Command.Seed(view.state().current(), T0));
        append(new Command.OpenSession("s1", "web1", TTL, null, at(1)));
        append(new Command.JoinGroup(GROUP, "m1", "s1", StringNode.of("one"), 1, null, at(2)));
        patch("a", 1, null, at(3));
        snapshot();
        append(new Command.OpenSession("s2", null, TTL, null, at(5)));
        append(new Command.JoinGroup(GROUP, "m2", "s2", null, 1, null, at(6)));
        patch("a", 2, null, at(30));
        // Stamped before the clock (another node's clock behind): counts as at(30).
        long dataDir = patch("b", 1, null, at(20));
        append(new Command.OpenSession("s3", null, TTL, null, at(25)));
        append(new Command.EndSession("s1", null, at(31)));
        patch("a", 3, null, at(40));

        ReplicatedStateMachine restarted = restart(dataDir, true);

        assertSameState(view.state(), restarted);
        assertEquals(at(5), restarted.applier().state().coordination().session("s2").created());
        assertEquals(at(30), restarted.applier().state().coordination().session("s3").created());
        Member promoted = restarted.applier().state().coordination().group(GROUP).member("m2");
        assertTrue(promoted.holder(), "m2 took m1's place when s1 ended");
        assertEquals(index, restarted.appliedIndex());
    }

    /**
     * The recorded commit index (written without a sync) may lag what data.d already holds:
     * entries up to data.d's newest version are committed all the same, and both halves reach it.
     */
    @Test
    void bothHalvesReachDataDirsNewestVersionWhenTheRecordedCommitIndexIsOlder() throws Exception {
        append(new Command.Seed(view.state().current(), T0));
        patch("a", 1, null, at(1));
        snapshot();
        long committed = append(new Command.OpenSession("s1", null, TTL, null, at(2)));
        append(new Command.JoinGroup(GROUP, "m1", "s1", null, 0, null, at(3)));
        long dataDir = patch("a", 2, null, at(4));
        append(new Command.OpenSession("s2", null, TTL, null, at(5)));

        ReplicatedStateMachine restarted = restart(dataDir, false, committed);

        assertSameState(stateAfter.get(dataDir), restarted);
        assertEquals(dataDir, restarted.appliedIndex());
    }

    /**
     * The snapshot is newer than data.d (version files lost with the node): the entries between
     * are applied to the document alone, and a fenced write among them gets the outcome it had,
     * though its holder has left by the snapshot's index.
     */
    @Test
    void aFencedWriteBetweenDataDirAndTheSnapshotKeepsTheOutcomeItHad() throws Exception {
        append(new Command.Seed(view.state().current(), T0));
        append(new Command.OpenSession("s1", null, TTL, null, at(1)));
        append(new Command.JoinGroup(GROUP, "m1", "s1", null, 1, null, at(2)));
        append(new Command.OpenSession("s2", null, TTL, null, at(3)));
        append(new Command.JoinGroup(GROUP, "m2", "s2", null, 1, null, at(4)));
        long token1 = view.state().coordination().group(GROUP).member("m1").token();
        long dataDir = patch("a", 1, null, at(5));
        patch("a", 2, new Fence(GROUP, "m1", token1), at(6));
        long refused = patch("a", 3, new Fence(GROUP, "m2", token1), at(7));
        append(new Command.Acquire("ops", Duration.ofSeconds(5), null, at(8)));
        append(new Command.EndSession("s1", null, at(20)));
        long token2 = view.state().coordination().group(GROUP).member("m2").token();
        patch("a", 4, new Fence(GROUP, "m2", token2), at(21));
        snapshot();
        append(new Command.LeaveGroup(GROUP, "m2", "s2", null, at(22)));
        long refusedLater = patch("a", 5, new Fence(GROUP, "m2", token2), at(23));
        patch("b", 1, null, at(24));
        assertEquals("{\"a\":4,\"b\":1}", view.state().current().root().toJson());

        ReplicatedStateMachine restarted = restart(dataDir, false);

        assertSameState(view.state(), restarted);
        assertNull(restarted.applier().state().lock(), "the lapsed lease was freed, as on the original");
        // Carried on: the restarted node's own next snapshot still knows both refusals.
        restarted.indexSources(() -> 0, () -> index);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        restarted.writeContentTo(out);
        out.flush();
        SnapshotCodec.Snapshot next = SnapshotCodec.read(new DataInputStream(new ByteArrayInputStream(
                bytes.toByteArray())));
        assertEquals(List.of(refused, refusedLater), next.refusedFences());
    }

    /** Without a snapshot the sessions and groups come from the log's first entry. */
    @Test
    void withoutASnapshotSessionsAndGroupsComeFromTheWholeLog() throws Exception {
        append(new Command.Seed(view.state().current(), T0));
        append(new Command.OpenSession("s1", null, TTL, null, at(1)));
        append(new Command.JoinGroup(GROUP, "m1", "s1", StringNode.of("x"), 2, null, at(2)));
        long dataDir = patch("a", 1, null, at(3));
        append(new Command.OpenSession("s2", null, TTL, null, at(4)));
        append(new Command.JoinGroup(GROUP, "m2", "s2", null, 2, null, at(5)));

        ReplicatedStateMachine restarted = restart(dataDir, false);

        assertSameState(view.state(), restarted);
        assertEquals(2, restarted.applier().state().coordination().group(GROUP).members().size());
    }

    /**
     * A snapshot written by the build before sessions and groups (format 3) still starts the node:
     * no sessions or groups as of it (that build had none), then those in the log after it.
     */
    @Test
    void aFormat3SnapshotStillStartsTheNode() throws Exception {
        append(new Command.Seed(view.state().current(), T0));
        long dataDir = patch("a", 1, null, at(1));
        snapshotIndex = index;
        snapshot = SnapshotCodecTest.format3(view.state(), true, index, at(1), false);
        append(new Command.OpenSession("s1", null, TTL, null, at(2)));
        append(new Command.JoinGroup(GROUP, "m1", "s1", null, 1, null, at(3)));
        patch("a", 2, null, at(4));

        ReplicatedStateMachine restarted = restart(dataDir, true);

        assertSameState(view.state(), restarted);
        assertNotNull(restarted.applier().state().coordination().session("s1"));
    }
}
