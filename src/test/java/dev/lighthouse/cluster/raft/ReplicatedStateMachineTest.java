package dev.lighthouse.cluster.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lighthouse.apply.Applier;
import dev.lighthouse.apply.Command;
import dev.lighthouse.apply.Edit;
import dev.lighthouse.apply.StateView;
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

    /** Applies log entry {@code index}: a one-request PATCH setting n. */
    private void setN(long index, long value) throws Exception {
        byte[] entry = CommandCodec.encode(new CommandCodec.RequestId(7, index), new Command.PatchDocument(
                new Edit.Put(JsonPath.of("n"), NumberNode.of(value)), null, null, NOW));
        machine.apply(entry, 0, entry.length, index);
    }
}
