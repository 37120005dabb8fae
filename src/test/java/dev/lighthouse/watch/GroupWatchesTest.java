package dev.lighthouse.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.apply.Applier;
import dev.lighthouse.apply.Command;
import dev.lighthouse.apply.StateView;
import dev.lighthouse.error.TooManyWatchers;
import dev.lighthouse.testing.StandaloneApplier;
import dev.lighthouse.tree.JsonPath;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GroupWatches} fed by a real applier: who is told of which state, and how waiters are counted. */
class GroupWatchesTest {

    private static final Instant NOW = Instant.parse("2031-05-01T09:00:00Z");
    private static final JsonPath G1 = JsonPath.of("g1");
    private static final JsonPath G2 = JsonPath.of("g2");

    @TempDir
    Path dataDir;
    StandaloneApplier opened;
    Applier applier;
    StateView view;
    Watches watches;
    GroupWatches groups;
    long index = 2;

    @BeforeEach
    void start() throws Exception {
        opened = StandaloneApplier.seeded(dataDir, NOW);
        applier = opened.applier();
        view = opened.view();
        watches = new Watches(view, 2);
        groups = new GroupWatches(view, watches);
        apply(new Command.OpenSession("s1", null, Duration.ofSeconds(10), null, NOW));
    }

    @AfterEach
    void stop() {
        groups.close();
        watches.close();
        opened.close();
    }

    private void apply(Command command) {
        applier.apply(command, index++);
    }

    /** Joins {@code member} of {@code group}; the rev the join gave the group. */
    private long join(JsonPath group, String member) {
        apply(new Command.JoinGroup(group, member, "s1", null, 0, null, NOW));
        return view.state().coordination().group(group).rev();
    }

    @Test
    void onlyTheWaitersOfTheGroupThatChangedAreTold() throws Exception {
        BlockingQueue<GroupWatches.GroupState> onG1 = new LinkedBlockingQueue<>();
        BlockingQueue<GroupWatches.GroupState> onG2 = new LinkedBlockingQueue<>();
        GroupWatches.Subscription s1 = groups.subscribe(G1, 0L, false, null, onG1::add);
        GroupWatches.Subscription s2 = groups.subscribe(G2, 0L, false, null, onG2::add);
        assertNull(s1.first(), "nobody is in g1: its rev is 0, as the waiter saw it");
        long g2 = join(G2, "a");
        long g1 = join(G1, "a");
        GroupWatches.GroupState first = onG1.poll(10, TimeUnit.SECONDS);
        assertNotNull(first);
        assertEquals(g1, first.group().rev(), "g1's waiter hears of g1's change, not of g2's");
        assertEquals(g2, onG2.poll(10, TimeUnit.SECONDS).group().rev());
        assertTrue(onG1.isEmpty() && onG2.isEmpty(), "one change, one notification");
        s1.cancel();
        s2.cancel();
    }

    @Test
    void aWaiterThatSawARevThisReplicaHasNotReachedWaitsForTheNextChangeAfterIt() throws Exception {
        long now = view.state().coordination().counter();
        BlockingQueue<GroupWatches.GroupState> told = new LinkedBlockingQueue<>();
        // The client saw g1 after its first join on a replica ahead of this one: the join takes one
        // step of the counter for the holder's token and the next for the group's rev.
        long seen = now + 2;
        GroupWatches.Subscription poll = groups.subscribe(G1, seen, true, null, told::add);
        assertNull(poll.first(), "this replica is behind what the client saw: nothing to answer yet");
        assertEquals(seen, join(G1, "a"), "the change that gave g1 the rev the client saw");
        long next = join(G1, "b");
        GroupWatches.GroupState answer = told.poll(10, TimeUnit.SECONDS);
        assertNotNull(answer);
        assertEquals(next, answer.group().rev(), "the rev the client saw is no news; the one after it is");
        assertFalse(poll.cancel(), "a long poll answered is released already");
    }

    @Test
    void aWaiterWithoutARevGetsTheGroupAsItIsAtOnce() {
        long rev = join(G1, "a");
        GroupWatches.Subscription subscription = groups.subscribe(G1, null, true, null, state -> { });
        assertEquals(rev, subscription.first().group().rev());
        assertEquals(0, watches.count(), "answered at once, so nothing is held");
    }

    @Test
    void groupWaitersShareThePerAddressBoundOfPathWatchers() {
        GroupWatches.Subscription first = groups.subscribe(G1, 0L, false, "10.0.0.1", state -> { });
        Watches.Subscription path = watches.subscribe(JsonPath.of("x"), view.state().current().seq(), false,
                "10.0.0.1", change -> { });
        assertEquals(2, watches.count());
        try {
            groups.subscribe(G2, 0L, false, "10.0.0.1", state -> { });
            throw new AssertionError("a third waiter from one address must be refused");
        } catch (TooManyWatchers expected) {
            assertEquals(2, watches.count());
        }
        groups.subscribe(G2, 0L, false, null, state -> { }).cancel(); // a join waiting to hold is not counted
        assertTrue(first.cancel());
        assertFalse(first.cancel(), "cancelling twice gives back one hold");
        path.cancel();
        assertEquals(0, watches.count());
    }
}
