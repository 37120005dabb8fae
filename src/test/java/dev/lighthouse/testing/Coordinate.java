package dev.lighthouse.testing;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.lighthouse.apply.Command;
import dev.lighthouse.apply.CommandLog;
import dev.lighthouse.apply.Edit;
import dev.lighthouse.apply.Outcome;
import dev.lighthouse.coord.Fence;
import dev.lighthouse.coord.Member;
import dev.lighthouse.coord.SessionIds;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.Node;
import dev.lighthouse.tree.NumberNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Session, group and document commands submitted through a node's command log, the way the
 * write API will submit them (there is no HTTP API for sessions yet): stamped with the wall
 * clock, each waited for, its outcome checked.
 */
public final class Coordinate {

    private static final long WAIT_SECONDS = 20;

    private final CommandLog log;

    private Coordinate(CommandLog log) {
        this.log = log;
    }

    public static Coordinate through(CommandLog log) {
        return new Coordinate(log);
    }

    /** Submits {@code command} and returns its outcome once this node has applied it. */
    public Outcome submit(Command command) {
        try {
            return log.submit(command).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("submitting " + command.getClass().getSimpleName() + " failed", e);
        }
    }

    /** @return the new session's id */
    public String open(String name, Duration ttl) {
        String id = SessionIds.next();
        assertInstanceOf(Outcome.SessionOpened.class, submit(new Command.OpenSession(id, name, ttl, null, now())));
        return id;
    }

    /** @return the member as it is after the join (holding with a token, or waiting) */
    public Member join(String group, String member, String session, Node value, int limit) {
        Outcome outcome = submit(new Command.JoinGroup(JsonPath.fromUrl(group), member, session, value, limit, null,
                now()));
        return assertInstanceOf(Outcome.Joined.class, outcome, () -> "joining " + group + ": " + outcome).member();
    }

    public void leave(String group, String member, String session) {
        assertInstanceOf(Outcome.Left.class, submit(new Command.LeaveGroup(JsonPath.fromUrl(group), member, session,
                null, now())));
    }

    public void end(String session) {
        assertInstanceOf(Outcome.SessionEnded.class, submit(new Command.EndSession(session, null, now())));
    }

    public void checkpoint(Map<String, Duration> remaining) {
        assertInstanceOf(Outcome.Recorded.class, submit(new Command.CheckpointSessions(remaining, now())));
    }

    public void term(long term) {
        assertInstanceOf(Outcome.Recorded.class, submit(new Command.LeaderTerm(term, now())));
    }

    /** A one-request PATCH setting {@code key} to {@code value}, fenced when {@code fence} is not null. */
    public Outcome patch(String key, long value, Fence fence) {
        return submit(new Command.PatchDocument(new Edit.Put(JsonPath.of(key), NumberNode.of(value)), null, null,
                fence, now()));
    }

    /** A fence naming {@code member} of {@code group} as holding with {@code token}. */
    public static Fence fence(String group, String member, long token) {
        return new Fence(JsonPath.fromUrl(group), member, token);
    }

    private static Instant now() {
        return Instant.now();
    }
}
