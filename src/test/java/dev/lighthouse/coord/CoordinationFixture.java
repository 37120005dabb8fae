package dev.lighthouse.coord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.lighthouse.apply.Applier;
import dev.lighthouse.apply.Command;
import dev.lighthouse.apply.Effect;
import dev.lighthouse.apply.Outcome;
import dev.lighthouse.apply.StateView;
import dev.lighthouse.apply.StoreState;
import dev.lighthouse.error.LighthouseException;
import dev.lighthouse.store.Version;
import dev.lighthouse.store.VersionHistory;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.Node;
import dev.lighthouse.tree.StringNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A real applier over an empty, seeded store, no data.d and no cluster, with the coordination
 * commands as one-line calls. Each command is stamped one second after the one before.
 */
final class CoordinationFixture {

    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    static final Duration TTL = Duration.ofSeconds(10);

    final List<Effect> effects = new ArrayList<>();
    final StateView view = new StateView(new StoreState(VersionHistory.of(List.of(Version.empty())), null));
    final Applier applier;
    private long index;

    CoordinationFixture(CoordinationLimits limits) {
        applier = new Applier(effects::add, 3, 100, limits, view, false, 0);
        apply(new Command.Seed(view.state().current(), T0));
        effects.clear();
    }

    CoordinationFixture() {
        this(CoordinationLimits.DEFAULT);
    }

    Outcome apply(Command command) {
        return applier.apply(command, ++index);
    }

    /** The time of the next command. */
    Instant now() {
        return T0.plusSeconds(index);
    }

    StoreState state() {
        return view.state();
    }

    Coordination coordination() {
        return view.state().coordination();
    }

    static JsonPath group(String name) {
        return JsonPath.fromUrl(name);
    }

    /** Applies a command that must be refused, and checks that it left the state exactly as it was. */
    <T extends LighthouseException> T refused(Class<T> kind, Command command) {
        StoreState before = view.state();
        effects.clear();
        Outcome.Failed failed = assertInstanceOf(Outcome.Failed.class, apply(command));
        assertSame(before, view.state(), "a refused command changes nothing");
        assertEquals(List.of(), effects, "and asks for nothing to be written");
        return assertInstanceOf(kind, failed.problem());
    }

    /** Applies a command that must change nothing at all. */
    void unchanged(Command command) {
        StoreState before = view.state();
        assertInstanceOf(Outcome.Unchanged.class, apply(command));
        assertSame(before, view.state(), "nothing changed");
    }

    /** Opens a session owned by {@code by} and returns its id. */
    String open(String by) {
        String id = SessionIds.next();
        assertInstanceOf(Outcome.SessionOpened.class, apply(new Command.OpenSession(id, null, TTL, by, now())));
        return id;
    }

    String open() {
        return open(null);
    }

    Outcome.Joined join(String group, String member, String session, int limit) {
        return join(group, member, session, StringNode.of(member), limit);
    }

    Outcome.Joined join(String group, String member, String session, Node value, int limit) {
        return assertInstanceOf(Outcome.Joined.class, apply(joining(group, member, session, value, limit, null)));
    }

    Command.JoinGroup joining(String group, String member, String session, Node value, int limit, String by) {
        return new Command.JoinGroup(group(group), member, session, value, limit, by, now());
    }

    Outcome.Left leave(String group, String member, String session) {
        return assertInstanceOf(Outcome.Left.class, apply(leaving(group, member, session, null)));
    }

    Command.LeaveGroup leaving(String group, String member, String session, String by) {
        return new Command.LeaveGroup(group(group), member, session, by, now());
    }

    Outcome.SessionEnded end(String session) {
        return assertInstanceOf(Outcome.SessionEnded.class, apply(new Command.EndSession(session, null, now())));
    }

    /** The group's members as {@code name:token}, in rank order. */
    List<String> members(String group) {
        List<String> members = new ArrayList<>();
        for (Member member : coordination().group(group(group)).members()) {
            members.add(member.name() + ":" + member.token());
        }
        return members;
    }
}
