package dev.lighthouse.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.lighthouse.coord.Coordination;
import dev.lighthouse.coord.Session;
import dev.lighthouse.error.NotFound;
import dev.lighthouse.store.HookSet;
import dev.lighthouse.store.Version;
import dev.lighthouse.store.VersionHistory;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.NumberNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The applier's start-up and snapshot entry points for sessions and groups: restored beside the
 * document data.d holds, entries applied for their coordination part alone, and snapshots
 * installed with their own sessions and groups.
 */
class ApplierRestoreTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(30);

    private final List<Effect> effects = new ArrayList<>();
    private final StateView view = new StateView(new StoreState(VersionHistory.of(List.of(Version.empty())), null));
    private final Applier applier = new Applier(effects::add, 3, 100, view, false, 0);

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    /** Seeded, one version, and the lock taken with a lease that lapses at 10 s. */
    @BeforeEach
    void state() {
        applier.apply(new Command.Seed(view.state().current(), T0), 1);
        applier.apply(new Command.PatchDocument(new Edit.Put(JsonPath.of("a"), NumberNode.of(1)), null, null, at(1)), 2);
        applier.apply(new Command.Acquire("ops", Duration.ofSeconds(9), null, at(1)), 3);
        effects.clear();
    }

    private static Coordination oneSession(String id) {
        return Coordination.EMPTY.opened(Session.open(id, null, TTL, null, T0), 10);
    }

    @Test
    void restoredSessionsAndGroupsLeaveTheDocumentLockAndIndexAsTheyWere() {
        StoreState before = view.state();
        Coordination restored = oneSession("s1");
        applier.restoreCoordination(restored);
        assertSame(restored, view.state().coordination());
        assertSame(before.history(), view.state().history());
        assertSame(before.lock(), view.state().lock());
        assertEquals(3, applier.appliedIndex());
        assertEquals(List.of(), effects);
    }

    /**
     * Past the lease's end, a session command applied for its coordination part alone changes the
     * sessions only, at the time it is given: the lock, the clock and the applied index stay.
     */
    @Test
    void aCoordinationPartAloneTouchesNothingButSessionsAndGroups() {
        StoreState before = view.state();
        Outcome opened = applier.applyCoordination(new Command.OpenSession("s2", null, TTL, null, at(50)), at(40));
        assertEquals(at(40), assertInstanceOf(Outcome.SessionOpened.class, opened).session().created());
        assertNotNull(view.state().lock(), "no lease lapses: the lock is data.d's");
        assertSame(before.history(), view.state().history());
        assertEquals(at(1), applier.clock());
        assertEquals(3, applier.appliedIndex());

        Outcome refused = applier.applyCoordination(new Command.EndSession("nobody", null, at(51)), at(51));
        assertInstanceOf(NotFound.class, assertInstanceOf(Outcome.Failed.class, refused).problem());
        assertEquals(1, view.state().coordination().sessions().size());
        assertEquals(List.of(), effects);
    }

    @Test
    void anInstalledSnapshotBringsItsSessionsAndGroups() {
        applier.restoreCoordination(oneSession("mine"));
        Coordination theirs = oneSession("theirs");
        applier.install(view.state().current(), null, HookSet.EMPTY, theirs, 40, at(5));
        assertSame(theirs, view.state().coordination());
        assertEquals(40, applier.appliedIndex());
    }
}
