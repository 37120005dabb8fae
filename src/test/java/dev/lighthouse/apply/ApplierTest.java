package dev.lighthouse.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.coord.Coordination;
import dev.lighthouse.error.Conflict;
import dev.lighthouse.error.Forbidden;
import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.error.LighthouseException;
import dev.lighthouse.error.LockHeld;
import dev.lighthouse.error.NoLockHeld;
import dev.lighthouse.error.NotFound;
import dev.lighthouse.error.PreconditionFailed;
import dev.lighthouse.error.StorageFailure;
import dev.lighthouse.store.HookSet;
import dev.lighthouse.store.Version;
import dev.lighthouse.store.VersionHistory;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.Node;
import dev.lighthouse.tree.NumberNode;
import dev.lighthouse.tree.ObjectNode;
import dev.lighthouse.tree.StringNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every command kind through the applier alone: no data.d, no cluster. The effects it asks for
 * are recorded, not carried out, so each test sees exactly what a command would have written.
 */
class ApplierTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(30);

    private final List<Effect> effects = new ArrayList<>();
    private final StateView view = new StateView(new StoreState(VersionHistory.of(List.of(Version.empty())), null));
    private final Applier applier = new Applier(effects::add, 3, 4, view, false, 0);
    private long index;

    private Outcome apply(Command command) {
        return applier.apply(command, ++index);
    }

    private void seed() {
        apply(new Command.Seed(view.state().current(), T0));
        effects.clear();
    }

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private static Edit put(String pointer, Node value) {
        return new Edit.Put(JsonPath.fromPointer(pointer), value);
    }

    private static <T extends LighthouseException> T refused(Class<T> kind, Outcome outcome) {
        Outcome.Failed failed = assertInstanceOf(Outcome.Failed.class, outcome);
        return assertInstanceOf(kind, failed.problem());
    }

    /** Applies a refused command and checks that it left the state exactly as it was. */
    private <T extends LighthouseException> T refusedUnchanged(Class<T> kind, Supplier<Outcome> command) {
        StoreState before = view.state();
        effects.clear();
        T problem = refused(kind, command.get());
        assertSame(before, view.state(), "a refused command changes nothing");
        assertEquals(List.of(), effects, "and asks for nothing to be written");
        return problem;
    }

    @Test
    void untilTheSeedEveryCommandIsRefused() {
        refusedUnchanged(StorageFailure.class, () -> apply(new Command.Acquire("ops", TTL, null, T0)));
        Outcome seeded = apply(new Command.Seed(view.state().current(), T0));
        assertInstanceOf(Outcome.Committed.class, seeded);
        assertTrue(applier.seeded());
        assertInstanceOf(Outcome.Unchanged.class, apply(new Command.Seed(view.state().current(), T0)),
                "a second seed is ignored");
    }

    @Test
    void lockEditCommitMakesOneVersionAndAsksForItsFileAndAuditLine() {
        seed();
        assertInstanceOf(Outcome.Locked.class, apply(new Command.Acquire("ops", TTL, "deployer", at(1))));
        apply(new Command.Stage("ops", put("/a", NumberNode.of(1)), "deployer", at(2)));
        LockState staged = ((Outcome.Locked) apply(new Command.Stage("ops", put("/b", StringNode.of("x")), "deployer",
                at(3)))).lock();
        assertEquals(2, staged.staged());
        assertEquals(at(3).plus(TTL), staged.expires(), "each edit renews the lease");
        assertEquals(List.of(), effects, "nothing is written before the commit");

        Version version = ((Outcome.Committed) apply(new Command.Commit("ops", "deployer", at(4)))).version();
        assertEquals(1, version.seq());
        assertEquals("deployer", version.by());
        assertEquals(List.of("/a", "/b"), version.changed());
        assertEquals(index, version.index(), "a version records the log index that made it");
        assertNull(view.state().lock());
        assertSame(version, view.state().current());
        assertEquals(2, effects.size(), effects.toString());
        Effect.WriteVersion write = assertInstanceOf(Effect.WriteVersion.class, effects.get(0));
        assertSame(version, write.version());
        assertEquals(0, write.previous().seq());
        assertInstanceOf(Effect.Audit.class, effects.get(1));
    }

    @Test
    void aCommitThatChangesNothingMakesNoVersion() {
        seed();
        apply(new Command.Acquire("ops", TTL, null, at(1)));
        Outcome committed = apply(new Command.Commit("ops", null, at(2)));
        assertNull(((Outcome.Committed) committed).version());
        assertEquals(0, view.state().current().seq());
        assertNull(view.state().lock());
        assertEquals(List.of(), effects);
    }

    @Test
    void theLockBelongsToItsNameAndToTheTokenThatTookIt() {
        seed();
        apply(new Command.Acquire("ops", TTL, "alice", at(1)));
        assertEquals("ops", refusedUnchanged(LockHeld.class,
                () -> apply(new Command.Acquire("other", TTL, "alice", at(2)))).holder());
        refusedUnchanged(Forbidden.class, () -> apply(new Command.Stage("ops", put("/a", NumberNode.of(1)), "bob", at(2))));
        refusedUnchanged(Forbidden.class, () -> apply(new Command.Commit("ops", "bob", at(2))));
        refusedUnchanged(Forbidden.class, () -> apply(new Command.Abort("ops", "bob", at(2))));
        refusedUnchanged(LockHeld.class, () -> apply(new Command.PatchDocument(put("/a", NumberNode.of(1)), null,
                "alice", at(2))));
        assertInstanceOf(Outcome.Released.class, apply(new Command.Abort("ops", "alice", at(3))));
        refusedUnchanged(NoLockHeld.class, () -> apply(new Command.Commit("ops", "alice", at(4))));
    }

    @Test
    void aLapsedLeaseIsFreedByTheFirstCommandAtOrAfterItsExpiry() {
        seed();
        apply(new Command.Acquire("ops", TTL, null, at(0)));
        apply(new Command.Stage("ops", put("/a", NumberNode.of(1)), null, at(1)));
        assertInstanceOf(Outcome.Unchanged.class, apply(new Command.Expire(at(30))), "not lapsed before ttl after the edit");
        assertInstanceOf(Outcome.Released.class, apply(new Command.Expire(at(31))));
        assertNull(view.state().lock());
        assertEquals(0, view.state().current().seq(), "staged edits are discarded");
        assertInstanceOf(Outcome.Locked.class, apply(new Command.Acquire("other", TTL, null, at(32))));
    }

    @Test
    void timeNeverRunsBackwardsSoALeaseNeverComesBackToLife() {
        seed();
        apply(new Command.Acquire("ops", TTL, null, at(0)));
        apply(new Command.Expire(at(31)));
        // A command stamped earlier (another node's clock, a little behind) counts as stamped at 31.
        refused(NoLockHeld.class, apply(new Command.Stage("ops", put("/a", NumberNode.of(1)), null, at(10))));
        assertEquals(at(31), applier.clock());
    }

    @Test
    void replayingTheSameCommandsGivesTheSameStateWhateverTheWallClock() {
        List<Command> commands = List.of(
                new Command.Seed(Version.empty(), T0),
                new Command.Acquire("ops", TTL, null, at(0)),
                new Command.Stage("ops", put("/a", NumberNode.of(1)), null, at(1)),
                new Command.Commit("ops", null, at(2)),
                new Command.Acquire("ops", TTL, null, at(3)),
                new Command.Stage("ops", put("/b", NumberNode.of(2)), null, at(4)),
                new Command.PatchDocument(put("/c", NumberNode.of(3)), null, null, at(100)));
        List<String> first = replay(commands);
        assertEquals(first, replay(commands));
        String last = first.get(first.size() - 1);
        assertTrue(last.startsWith("2 ") && last.endsWith(" -"), "the lease lapsed at 34, so the PATCH at 100 went"
                + " through as version 2 and the staged /b never committed: " + first);
    }

    private static List<String> replay(List<Command> commands) {
        StateView fresh = new StateView(new StoreState(VersionHistory.of(List.of(Version.empty())), null));
        Applier replaying = new Applier(effect -> { }, 3, 4, fresh, false, 0);
        List<String> states = new ArrayList<>();
        long i = 0;
        for (Command command : commands) {
            replaying.apply(command, ++i);
            StoreState state = fresh.state();
            states.add(state.current().seq() + " " + state.current().checksum() + " "
                    + (state.lock() == null ? "-" : state.lock().name() + "@" + state.lock().expires()));
        }
        return states;
    }

    @Test
    void aPatchIsALockEditAndCommitInOneStep() {
        seed();
        Version first = ((Outcome.Committed) apply(new Command.PatchDocument(put("/a", NumberNode.of(1)), 0L, null,
                at(1)))).version();
        assertEquals(Command.PatchDocument.LOCK_NAME, first.lock());
        refusedUnchanged(PreconditionFailed.class, () -> apply(new Command.PatchDocument(put("/a", NumberNode.of(2)),
                0L, null, at(2))));
        effects.clear();
        assertNull(((Outcome.Committed) apply(new Command.PatchDocument(put("/a", NumberNode.of(1)), null, null,
                at(3)))).version(), "the same value again is no new version");
        assertEquals(List.of(), effects);
    }

    @Test
    void anEditThatWouldNestTheDocumentTooDeepIsRefused() {
        seed();
        ObjectNode deep = ObjectNode.EMPTY.with("x", ObjectNode.EMPTY.with("y", ObjectNode.EMPTY.with("z",
                ObjectNode.EMPTY.with("w", NumberNode.of(1)))));
        refusedUnchanged(InvalidInput.class, () -> apply(new Command.PatchDocument(put("/a", deep), null, null,
                at(1))));
    }

    @Test
    void hooksAreRegisteredDeliveredAndDeletedWithTheirFileAskedForEachTime() {
        seed();
        apply(new Command.PatchDocument(put("/app", NumberNode.of(1)), null, null, at(1)));
        effects.clear();
        Outcome.Hooked created = assertInstanceOf(Outcome.Hooked.class,
                apply(new Command.CreateHook("h1", "/app", "http://127.0.0.1:9/h", at(2))));
        assertEquals(1, created.hook().delivered(), "a new hook starts at the current version");
        HookSet written = assertInstanceOf(Effect.WriteHooks.class, effects.get(0)).hooks();
        assertEquals(index, written.index());
        refusedUnchanged(NotFound.class, () -> apply(new Command.DeleteHook("nope", at(3))));
        effects.clear();
        refusedUnchanged(Conflict.class, () -> apply(new Command.CreateHook("h1", "/x", "http://127.0.0.1:9/x",
                at(3))));

        assertEquals(5, ((Outcome.Hooked) apply(new Command.HookDelivered("h1", 5, at(4)))).hook().delivered());
        assertEquals(5, ((Outcome.Hooked) apply(new Command.HookDelivered("h1", 3, at(5)))).hook().delivered(),
                "delivery only moves forward");
        effects.clear();
        apply(new Command.DeleteHook("h1", at(6)));
        assertNull(view.state().hooks().get("h1"));
        assertEquals(1, effects.size());
    }

    @Test
    void aHookCommandThatHooksJsonAlreadyReflectsIsNotAppliedAgainOnReplay() {
        seed();
        apply(new Command.CreateHook("h1", "/app", "http://127.0.0.1:9/h", at(1)));
        long createdAt = index;
        effects.clear();
        // Replaying the same entry (its index is not past hooks.json's) must neither fail nor write.
        Outcome again = applier.apply(new Command.CreateHook("h1", "/app", "http://127.0.0.1:9/h", at(1)), createdAt);
        assertEquals("h1", ((Outcome.Hooked) again).hook().name());
        assertEquals(List.of(), effects);
    }

    @Test
    void installingACopyOfTheVersionHeldKeepsHistoryAndAnotherSetsTheLocalOnesAside() {
        seed();
        apply(new Command.PatchDocument(put("/a", NumberNode.of(1)), null, null, at(1)));
        Version held = view.state().current();
        apply(new Command.PatchDocument(put("/a", NumberNode.of(2)), null, null, at(2)));
        effects.clear();
        applier.install(held, null, HookSet.EMPTY, Coordination.EMPTY, 40, at(3));
        assertSame(held, view.state().current());
        assertEquals(List.of(new Effect.SetAsideFrom(held.seq() + 1, "superseded")), effects);
        assertEquals(40, applier.appliedIndex());

        effects.clear();
        Version foreign = new Version(7, ObjectNode.EMPTY.with("z", NumberNode.of(9)), at(4), "patch", null,
                List.of("/z"), 41);
        applier.install(foreign, null, HookSet.EMPTY, Coordination.EMPTY, 41, at(4));
        assertSame(foreign, view.state().current());
        assertEquals(new Effect.SetAsideFrom(7, "superseded"), effects.get(0));
        assertInstanceOf(Effect.WriteVersion.class, effects.get(1));
    }

    /**
     * Sessions and groups live beside the document: whatever they do, the version, its checksum
     * and the history stay the very same objects, and nothing is asked of data.d.
     */
    @Test
    void aCoordinationCommandNeverMakesAVersionOrAsksForAFile() {
        seed();
        apply(new Command.PatchDocument(put("/a", NumberNode.of(1)), null, null, at(1)));
        VersionHistory history = view.state().history();
        effects.clear();
        JsonPath group = JsonPath.of("app", "db");
        List<Command> commands = List.of(
                new Command.LeaderTerm(1, at(2)),
                new Command.OpenSession("s1", "web1", TTL, null, at(3)),
                new Command.OpenSession("s2", null, TTL, null, at(4)),
                new Command.JoinGroup(group, "m1", "s1", StringNode.of("v"), 1, null, at(5)),
                new Command.JoinGroup(group, "m2", "s2", null, 1, null, at(6)),
                new Command.JoinGroup(group, "m1", "s1", StringNode.of("w"), 1, null, at(7)),
                new Command.CheckpointSessions(Map.of("s1", Duration.ofSeconds(4)), at(8)),
                new Command.LeaveGroup(group, "m1", "s1", null, at(9)),
                new Command.ExpireSession("s2", 1, at(10)),
                new Command.EndSession("s1", null, at(11)));
        for (Command command : commands) {
            StoreState before = view.state();
            Outcome outcome = apply(command);
            assertFalse(outcome instanceof Outcome.Failed, command + ": " + outcome);
            assertNotSame(before, view.state(), command + " changed the coordination state");
            assertSame(history, view.state().history(), command + " left the versions alone");
        }
        assertEquals(1, view.state().current().seq());
        assertEquals(List.of(), effects, "no file, no audit line");
        assertEquals(0, view.state().coordination().sessions().size());
    }

    @Test
    void aCoordinationCommandStillFreesALapsedLeaseButReportsOnlyItsOwnOutcome() {
        seed();
        apply(new Command.Acquire("ops", TTL, null, at(0)));
        Outcome opened = apply(new Command.OpenSession("s1", null, TTL, null, at(31)));
        assertInstanceOf(Outcome.SessionOpened.class, opened);
        assertNull(view.state().lock());
        apply(new Command.Acquire("ops", TTL, null, at(32)));
        assertInstanceOf(Outcome.Unchanged.class, apply(new Command.LeaveGroup(JsonPath.of("g"), "m", "s1", null,
                at(63))), "not the lock's Released: the leave found nothing to do");
        assertNull(view.state().lock());
    }
}
