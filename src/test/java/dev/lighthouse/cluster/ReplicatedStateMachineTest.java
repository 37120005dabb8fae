package dev.lighthouse.cluster;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state machine between Raft and the applier: each log index changes the state once. */
class ReplicatedStateMachineTest {

    @TempDir
    Path dataDir;

    @Test
    void aLogIndexDeliveredTwiceIsAppliedOnce() throws Exception {
        try (StandaloneApplier opened = StandaloneApplier.unseeded(dataDir)) {
            StateView view = opened.view();
            Applier applier = opened.applier();
            ReplicatedStateMachine machine = new ReplicatedStateMachine(applier, new PendingRequests());
            Instant now = Instant.parse("2026-11-22T10:00:00Z");
            apply(machine, 1, new Command.Seed(view.state().current(), now));
            byte[] first = put(2, "n", 1, now);
            byte[] second = put(3, "n", 2, now);
            machine.apply(first, 0, first.length, 2);
            machine.apply(second, 0, second.length, 3);
            assertEquals(2, view.state().current().seq());
            // Applied again, entry 2 would set n back to 1: a version 3 no other replica has.
            machine.apply(first, 0, first.length, 2);
            assertEquals(2, view.state().current().seq(), "entry 2 delivered again changes nothing");
            assertEquals("{\"n\":2}", view.state().current().root().toJson());
            assertEquals(3, applier.appliedIndex());
        }
    }

    /**
     * A consistent read waits for the applied index and then reads the view: were the index moved
     * first, a read in between would miss the very entry it waited for.
     */
    @Test
    void theAppliedIndexMovesOnlyOnceTheStateItCoversIsPublished() throws Exception {
        try (StandaloneApplier opened = StandaloneApplier.unseeded(dataDir)) {
            StateView view = opened.view();
            Applier applier = opened.applier();
            ReplicatedStateMachine machine = new ReplicatedStateMachine(applier, new PendingRequests());
            Instant now = Instant.parse("2026-11-22T10:00:00Z");
            apply(machine, 1, new Command.Seed(view.state().current(), now));
            List<Long> indexWhenPublished = new ArrayList<>();
            view.addListener((before, after) -> indexWhenPublished.add(applier.appliedIndex()));
            byte[] first = put(2, "n", 1, now);
            byte[] second = put(3, "n", 2, now);
            machine.apply(first, 0, first.length, 2);
            machine.apply(second, 0, second.length, 3);
            assertEquals(List.of(1L, 2L), indexWhenPublished);
            assertEquals(3, applier.appliedIndex());
        }
    }

    /**
     * A leader just elected may not have applied what the previous leader acknowledged; until its
     * own first entry commits it must not name a read index, or a consistent read could miss it.
     */
    @Test
    void aLeaderNamesAReadIndexOnlyOnceItHasCommittedInItsTerm() throws Exception {
        try (StandaloneApplier opened = StandaloneApplier.unseeded(dataDir)) {
            Applier applier = opened.applier();
            ReplicatedStateMachine machine = new ReplicatedStateMachine(applier, new PendingRequests());
            Instant now = Instant.parse("2026-11-22T10:00:00Z");
            apply(machine, 1, new Command.Seed(opened.view().state().current(), now));
            byte[] first = put(2, "n", 1, now);
            machine.apply(first, 0, first.length, 2);
            boolean[] committedInTerm = {false};
            machine.indexSources(() -> 0, () -> 2, () -> committedInTerm[0]);
            byte[] barrier = ReadBarrier.request();
            assertEquals(ReadBarrier.NOT_YET, ReadBarrier.index(machine.apply(barrier, 0, barrier.length, true)));
            committedInTerm[0] = true;
            assertEquals(2, ReadBarrier.index(machine.apply(barrier, 0, barrier.length, true)));
        }
    }

    private static byte[] put(long counter, String key, long value, Instant now) {
        return CommandCodec.encode(new CommandCodec.RequestId(7, counter), new Command.PatchDocument(
                new Edit.Put(JsonPath.of(key), NumberNode.of(value)), null, null, now));
    }

    private static void apply(ReplicatedStateMachine machine, long index, Command command) throws Exception {
        byte[] entry = CommandCodec.encode(new CommandCodec.RequestId(7, index), command);
        machine.apply(entry, 0, entry.length, index);
    }
}
