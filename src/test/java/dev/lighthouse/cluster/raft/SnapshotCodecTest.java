package dev.lighthouse.cluster.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.apply.Applier;
import dev.lighthouse.apply.Command;
import dev.lighthouse.apply.Edit;
import dev.lighthouse.apply.LockState;
import dev.lighthouse.apply.StateView;
import dev.lighthouse.apply.StoreState;
import dev.lighthouse.coord.Coordination;
import dev.lighthouse.store.Hook;
import dev.lighthouse.store.HookSet;
import dev.lighthouse.store.Version;
import dev.lighthouse.store.VersionHistory;
import dev.lighthouse.testing.CoordinationDump;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.NumberNode;
import dev.lighthouse.tree.StringNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The applier's state as a Raft snapshot: format 4 carries sessions and groups; formats 1 to 3 still load. */
class SnapshotCodecTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.000000001Z");
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final JsonPath GROUP = JsonPath.of("srv", "db");

    private final StateView view = new StateView(new StoreState(VersionHistory.of(List.of(Version.empty())), null));
    private final Applier applier = new Applier(effect -> { }, 3, 100, view, false, 0);
    private long index;

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private void apply(Command command) {
        applier.apply(command, ++index);
    }

    /** A document, a hook, two sessions in one group of limit 1 (one holds, one waits), and a lock with staged edits. */
    @BeforeEach
    void state() {
        apply(new Command.Seed(view.state().current(), T0));
        apply(new Command.PatchDocument(new Edit.Put(JsonPath.of("a"), NumberNode.of(1)), null, null, at(1)));
        apply(new Command.CreateHook("h1", "/a", "http://127.0.0.1:9/h", at(2)));
        apply(new Command.LeaderTerm(3, at(3)));
        apply(new Command.OpenSession("s1", "web1", Duration.ofMillis(10_500), "alice", at(4)));
        apply(new Command.OpenSession("s2", null, TTL, null, at(5)));
        apply(new Command.JoinGroup(GROUP, "m1", "s1", StringNode.of("one"), 1, "alice", at(6)));
        apply(new Command.JoinGroup(GROUP, "m2", "s2", null, 1, null, at(7)));
        apply(new Command.Acquire("ops", TTL, null, at(8)));
        apply(new Command.Stage("ops", new Edit.Put(JsonPath.of("b"), NumberNode.of(2)), null, at(9)));
        assertEquals(2, view.state().coordination().sessions().size());
        assertTrue(view.state().lock() != null);
    }

    private byte[] write(long at, boolean whole, Collection<Long> refused) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        SnapshotCodec.write(out, applier, at, whole, refused);
        out.flush();
        return bytes.toByteArray();
    }

    private static SnapshotCodec.Snapshot read(byte[] bytes, boolean documents) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        SnapshotCodec.Snapshot snapshot = SnapshotCodec.read(in, documents);
        assertEquals(-1, in.read(), "the whole snapshot was read, no more");
        return snapshot;
    }

    @Test
    void aNodesOwnSnapshotCarriesSessionsGroupsAndRefusedFences() throws IOException {
        byte[] bytes = write(20, false, List.of(5L, 9L));
        assertEquals(20, SnapshotCodec.peekIndex(bytes, 0));
        SnapshotCodec.Snapshot snapshot = read(bytes, true);
        assertFalse(snapshot.whole());
        assertEquals(20, snapshot.index());
        assertEquals(at(9), snapshot.clock());
        assertEquals(CoordinationDump.of(view.state().coordination()), CoordinationDump.of(snapshot.coordination()));
        assertEquals(List.of(5L, 9L), snapshot.refusedFences());
        assertEquals("ops", snapshot.lock().name());
        assertEquals(view.state().lock().document().toJson(), snapshot.lock().document().toJson());
    }

    @Test
    void aWholeSnapshotCarriesTheDocumentSessionsAndGroups() throws IOException {
        byte[] bytes = write(20, true, List.of());
        SnapshotCodec.Snapshot snapshot = read(bytes, true);
        assertTrue(snapshot.whole());
        assertEquals(view.state().current().checksum(), snapshot.version().checksum());
        assertEquals(CoordinationDump.of(view.state().coordination()), CoordinationDump.of(snapshot.coordination()));
        assertEquals(List.of(), snapshot.refusedFences());

        // Start-up wants only the sessions and groups: the documents are skipped, not parsed.
        SnapshotCodec.Snapshot skipped = read(bytes, false);
        assertNull(skipped.version().root());
        assertNull(skipped.lock().document());
        assertEquals(CoordinationDump.of(view.state().coordination()), CoordinationDump.of(skipped.coordination()));
    }

    @Test
    void aFormat3SnapshotStillLoadsWithNoSessionsOrGroups() throws IOException {
        StoreState state = view.state();
        byte[] bytes = format3(state, true, 17, at(9), false);
        assertEquals(17, SnapshotCodec.peekIndex(bytes, 0));
        SnapshotCodec.Snapshot snapshot = read(bytes, true);
        assertEquals(17, snapshot.index());
        assertEquals(at(9), snapshot.clock());
        assertEquals(state.current().checksum(), snapshot.checksum());
        assertEquals(state.current().seq(), snapshot.version().seq());
        assertEquals("ops", snapshot.lock().name());
        assertEquals(state.lock().document().toJson(), snapshot.lock().document().toJson());
        assertEquals(List.copyOf(state.hooks().all()), List.copyOf(snapshot.hooks().all()));
        assertEquals(1, snapshot.hooks().all().size());
        assertSame(Coordination.EMPTY, snapshot.coordination());
        assertEquals(List.of(), snapshot.refusedFences());
    }

    @Test
    void aGroupHookAndTheMarkOfItsEmptiedGroupTravelInTheSnapshot() throws IOException {
        apply(new Command.CreateHook("g1", null, GROUP, "http://127.0.0.1:9/g", at(10)));
        long createdAt = view.state().coordination().counter();
        apply(new Command.EndSession("s1", "alice", at(11)));
        apply(new Command.EndSession("s2", null, at(12)));
        Hook marked = view.state().hooks().get("g1");
        assertEquals(createdAt, marked.delivered());
        assertEquals(view.state().coordination().counter(), marked.emptied(), "the group emptied by the last end");
        assertTrue(marked.emptied() > createdAt);

        SnapshotCodec.Snapshot snapshot = read(write(30, false, List.of()), true);
        assertEquals(List.copyOf(view.state().hooks().all()), List.copyOf(snapshot.hooks().all()));
        assertEquals(marked, snapshot.hooks().get("g1"));
        assertEquals(view.state().hooks().index(), snapshot.hooks().index());
    }

    @Test
    void aSnapshotFromANewerBuildIsRefused() {
        byte[] bytes = {6, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1};
        IOException refused = assertThrows(IOException.class, () -> read(bytes, true));
        assertTrue(refused.getMessage().contains("format 6"), refused.getMessage());
    }

    /**
     * A snapshot as format 3 wrote it (the build before sessions and groups), byte by byte: the
     * document by reference or whole, the lock, the hooks, and nothing after them.
     */
    static byte[] format3(StoreState state, boolean seeded, long index, Instant clock, boolean whole)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        Version current = state.current();
        out.writeByte(3);
        out.writeBoolean(whole);
        out.writeBoolean(seeded);
        out.writeLong(index);
        Wire.writeInstant(out, clock);
        Wire.writeString(out, current.checksum());
        CommandCodec.writeVersionHeader(out, current);
        if (whole) {
            Wire.writeJson(out, current.root());
        }
        writeLock(out, state.lock(), current);
        HookSet hooks = state.hooks();
        out.writeLong(hooks.index());
        out.writeInt(hooks.all().size());
        for (Hook hook : hooks.all()) {
            Wire.writeString(out, hook.name());
            Wire.writeString(out, hook.path());
            Wire.writeString(out, hook.url());
            out.writeLong(hook.delivered());
        }
        out.flush();
        return bytes.toByteArray();
    }

    private static void writeLock(DataOutput out, LockState lock, Version current) throws IOException {
        out.writeBoolean(lock != null);
        if (lock == null) {
            return;
        }
        Wire.writeString(out, lock.name());
        Wire.writeString(out, lock.owner());
        Wire.writeInstant(out, lock.since());
        Wire.writeInstant(out, lock.expires());
        out.writeLong(lock.ttl().toMillis());
        out.writeLong(lock.base());
        out.writeInt(lock.staged());
        boolean unchanged = lock.document().sameAs(current.root());
        out.writeBoolean(unchanged);
        if (!unchanged) {
            Wire.writeJson(out, lock.document());
        }
    }
}
