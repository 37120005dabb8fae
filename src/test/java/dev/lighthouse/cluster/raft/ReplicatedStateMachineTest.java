package dev.lighthouse.cluster.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lighthouse.apply.Applier;
import dev.lighthouse.apply.Command;
import dev.lighthouse.apply.Edit;
import dev.lighthouse.apply.StateView;
import dev.lighthouse.apply.StoreState;
import dev.lighthouse.store.Version;
import dev.lighthouse.store.VersionHistory;
import dev.lighthouse.testing.CoordinationDump;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.time.Duration;
import dev.lighthouse.testing.StandaloneApplier;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.NumberNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state machine between Raft and the applier: each log index changes the state once. */
class ReplicatedStateMachineTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dataDir;
    private StandaloneApplier opened;
    private StateView view;
    private Applier applier;
    private ReplicatedStateMachine machine;

    /** A real applier over a real data.d, seeded by log entry 1. */
    @BeforeEach
    void seed() throws Exception {
        opened = StandaloneApplier.unseeded(dataDir);
        view = opened.view();
        applier = opened.applier();
        machine = new ReplicatedStateMachine(applier, new PendingRequests());
        byte[] seed = CommandCodec.encode(new CommandCodec.RequestId(7, 1), new Command.Seed(view.state().current(), NOW));
        machine.apply(seed, 0, seed.length, 1);
    }

    @AfterEach
    void close() throws Exception {
        opened.close();
    }

    @Test
    void aLogIndexDeliveredTwiceIsAppliedOnce() throws Exception {
        setN(2, 1);
        setN(3, 2);
        assertEquals(2, view.state().current().seq());
        // Applied again, entry 2 would set n back to 1: a version 3 no other replica has.
        setN(2, 1);
        assertEquals(2, view.state().current().seq(), "entry 2 delivered again changes nothing");
        assertEquals("{\"n\":2}", view.state().current().root().toJson());
        assertEquals(3, applier.appliedIndex());
    }

    /**
     * A consistent read waits for the applied index and then reads the view: were the index moved
     * first, a read in between would miss the very entry it waited for.
     */
    @Test
    void theAppliedIndexMovesOnlyOnceTheStateItCoversIsPublished() throws Exception {
        List<Long> indexWhenPublished = new ArrayList<>();
        view.addListener((before, after) -> indexWhenPublished.add(applier.appliedIndex()));
        setN(2, 1);
        setN(3, 2);
        assertEquals(List.of(1L, 2L), indexWhenPublished);
        assertEquals(3, applier.appliedIndex());
    }

    /**
     * A member too far behind for the log gets a snapshot with the whole document: it takes the
     * leader's sessions and groups with it, in place of whatever it had.
     */
    @Test
    void aWholeSnapshotFromTheLeaderBringsItsSessionsAndGroups() throws Exception {
        open(2, new Command.OpenSession("stale", null, Duration.ofSeconds(10), null, NOW));
        StateView leaderView = new StateView(new StoreState(VersionHistory.of(List.of(Version.empty())), null));
        Applier leader = new Applier(effect -> { }, 10, 100, leaderView, false, 0);
        leader.apply(new Command.Seed(leaderView.state().current(), NOW), 1);
        leader.apply(new Command.PatchDocument(new Edit.Put(JsonPath.of("n"), NumberNode.of(9)), null, null, NOW), 2);
        leader.apply(new Command.OpenSession("s1", "web1", Duration.ofSeconds(10), null, NOW), 3);
        leader.apply(new Command.JoinGroup(JsonPath.of("g"), "m1", "s1", NumberNode.of(1), 1, null, NOW), 4);
        ReplicatedStateMachine leaderMachine = new ReplicatedStateMachine(leader, new PendingRequests());
        leaderMachine.indexSources(() -> 0, () -> 40);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        leaderMachine.writeWholeContentTo(out);
        out.flush();

        machine.readContentFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        assertEquals(CoordinationDump.of(leaderView.state().coordination()),
                CoordinationDump.of(view.state().coordination()));
        assertEquals(leaderView.state().current().checksum(), view.state().current().checksum());
        assertEquals(40, applier.appliedIndex());
    }

    private void open(long index, Command command) throws Exception {
        byte[] entry = CommandCodec.encode(new CommandCodec.RequestId(7, index), command);
        machine.apply(entry, 0, entry.length, index);
        assertEquals(1, view.state().coordination().sessions().size());
    }

    /** Applies log entry {@code index}: a one-request PATCH setting n. */
    private void setN(long index, long value) throws Exception {
        byte[] entry = CommandCodec.encode(new CommandCodec.RequestId(7, index), new Command.PatchDocument(
                new Edit.Put(JsonPath.of("n"), NumberNode.of(value)), null, null, NOW));
        machine.apply(entry, 0, entry.length, index);
    }
}
