package dev.lighthouse.coord;

import static dev.lighthouse.coord.CoordinationFixture.group;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.apply.Command;
import dev.lighthouse.apply.Edit;
import dev.lighthouse.apply.Outcome;
import dev.lighthouse.error.PreconditionFailed;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.NumberNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Fenced writes: applied only while the fence's member holds with exactly its token, checked with the write. */
class CoordinationFenceTest {

    private final CoordinationFixture store = new CoordinationFixture();
    private final String leaderSession = store.open();
    private final String standbySession = store.open();
    private final long leaderToken = store.join("app/db", "primary", leaderSession, 1).member().token();

    {
        store.join("app/db", "standby", standbySession, 1);
    }

    private Command.PatchDocument setSize(long size, Fence fence) {
        return new Command.PatchDocument(new Edit.Put(JsonPath.of("size"), NumberNode.of(size)), null, null, fence,
                store.now());
    }

    @Test
    void aPatchFencedByTheHolderWithItsTokenApplies() {
        Outcome.Committed committed = assertInstanceOf(Outcome.Committed.class,
                store.apply(setSize(1, new Fence(group("app/db"), "primary", leaderToken))));
        assertEquals(1, committed.version().seq());
    }

    @Test
    void aPatchWhoseFenceDoesNotHoldIsRefusedWith412AndNothingApplied() {
        for (Fence stale : new Fence[] {
                new Fence(group("app/db"), "primary", leaderToken + 1),
                new Fence(group("app/db"), "primary", 0),
                new Fence(group("app/db"), "standby", 0),
                new Fence(group("app/db"), "nobody", leaderToken),
                new Fence(group("app/other"), "primary", leaderToken)}) {
            PreconditionFailed refused = store.refused(PreconditionFailed.class, setSize(2, stale));
            assertEquals(412, refused.status());
            assertTrue(refused.detail().contains(stale.toString()), refused.detail());
        }
        assertEquals(0, store.state().current().seq(), "the document did not move");
    }

    /** The fault fencing exists for: a holder that paused while its session expired and another took over. */
    @Test
    void aFormerHoldersTokenIsRefusedOnceItsSuccessorHolds() {
        Fence formerLeader = new Fence(group("app/db"), "primary", leaderToken);
        store.apply(new Command.ExpireSession(leaderSession, 0, store.now()));
        Member successor = store.coordination().group(group("app/db")).member("standby");
        assertTrue(successor.token() > leaderToken);

        store.refused(PreconditionFailed.class, setSize(3, formerLeader));
        store.apply(setSize(3, new Fence(group("app/db"), "standby", successor.token())));
        assertEquals(1, store.state().current().seq());
    }

    @Test
    void aCommitIsFencedTooAndARefusedOneKeepsTheLockAndItsEdits() {
        store.apply(new Command.Acquire("ops", Duration.ofMinutes(1), null, store.now()));
        store.apply(new Command.Stage("ops", new Edit.Put(JsonPath.of("size"), NumberNode.of(4)), null, store.now()));

        store.refused(PreconditionFailed.class, new Command.Commit("ops", null,
                new Fence(group("app/db"), "standby", 0), store.now()));
        assertNotNull(store.state().lock(), "still held, edits still staged");
        assertEquals(1, store.state().lock().staged());
        assertEquals(0, store.state().current().seq());

        Outcome.Committed committed = assertInstanceOf(Outcome.Committed.class, store.apply(new Command.Commit("ops",
                null, new Fence(group("app/db"), "primary", leaderToken), store.now())));
        assertEquals("{\"size\":4}", committed.version().root().toJson());
    }
}
