package dev.lighthouse.apply;

import dev.lighthouse.coord.Fence;
import dev.lighthouse.store.Version;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.Node;
import dev.lighthouse.tree.NullNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A request to change state, applied in order by the {@link Applier}. Every
 * command carries the time it was issued, so applying the same sequence of
 * commands gives the same result anywhere, at any later time: the property a
 * replicated log needs.
 */
public sealed interface Command {

    Instant now();

    /** Hands this command to the visitor's method for its kind. */
    <R> R accept(Visitor<R> visitor);

    /**
     * One method per command kind: the applier's transition and the log's codec are visitors, so
     * a new kind of command does not compile until both handle it.
     */
    interface Visitor<R> {
        R acquire(Acquire c);

        R stage(Stage c);

        R commit(Commit c);

        R abort(Abort c);

        R seed(Seed c);

        R expire(Expire c);

        R patch(PatchDocument c);

        R createHook(CreateHook c);

        R deleteHook(DeleteHook c);

        R hookDelivered(HookDelivered c);

        /** A session or group command: hand it on with {@link Coordinating#accept(CoordinationVisitor)}. */
        R coordinate(Coordinating c);
    }

    /**
     * A command on sessions and groups. These never touch the document, its versions or data.d;
     * they have a visitor of their own, so the document's transition and codec stay as they were
     * and a new kind still does not compile until both halves handle it.
     */
    sealed interface Coordinating extends Command {

        <R> R accept(CoordinationVisitor<R> visitor);

        @Override
        default <R> R accept(Visitor<R> visitor) {
            return visitor.coordinate(this);
        }
    }

    /** One method per coordination command kind; see {@link Visitor}. */
    interface CoordinationVisitor<R> {
        R openSession(OpenSession c);

        R endSession(EndSession c);

        R expireSession(ExpireSession c);

        R leaderTerm(LeaderTerm c);

        R checkpointSessions(CheckpointSessions c);

        R joinGroup(JoinGroup c);

        R leaveGroup(LeaveGroup c);
    }

    // {@code by}, where a command has it: the access token (principal) name that sent it, or null
    // without access control. The lock belongs to whoever took it; versions record who made them.

    /** Take or renew the update lock. */
    record Acquire(String name, Duration ttl, String by, Instant now) implements Command {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.acquire(this);
        }
    }

    /** Add an edit to the holder's staged document; renews the lease. */
    record Stage(String name, Edit edit, String by, Instant now) implements Command {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.stage(this);
        }
    }

    /**
     * Turn the staged document into a new version and free the lock.
     *
     * @param fence a member that must hold with its token for the commit to apply, or null
     */
    record Commit(String name, String by, Fence fence, Instant now) implements Command {

        public Commit(String name, String by, Instant now) {
            this(name, by, null, now);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.commit(this);
        }
    }

    /** Discard the staged document and free the lock. */
    record Abort(String name, String by, Instant now) implements Command {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.abort(this);
        }
    }

    /**
     * Start a cluster's history at {@code version}: the first command of every Raft log, so
     * every member that replays the log from its start builds the same versions.
     */
    record Seed(Version version, Instant now) implements Command {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.seed(this);
        }
    }

    /** Free the lock if its lease has lapsed by {@code now}. */
    record Expire(Instant now) implements Command {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.expire(this);
        }
    }

    /**
     * Lock, edit and commit in one step, recorded under lock name {@value #LOCK_NAME}.
     *
     * @param expectedSeq the seq the client saw ({@code If-Match}), or null
     * @param fence       a member that must hold with its token for the patch to apply, or null
     */
    record PatchDocument(Edit edit, Long expectedSeq, String by, Fence fence, Instant now) implements Command {
        public static final String LOCK_NAME = "patch";

        public PatchDocument(Edit edit, Long expectedSeq, String by, Instant now) {
            this(edit, expectedSeq, by, null, now);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.patch(this);
        }
    }

    /**
     * Register a webhook on a document path or on a group (exactly one of the two); refused when
     * the name is taken.
     */
    record CreateHook(String name, String path, JsonPath group, String url, Instant now) implements Command {

        /** A hook on a document path. */
        public CreateHook(String name, String path, String url, Instant now) {
            this(name, path, null, url, now);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.createHook(this);
        }
    }

    record DeleteHook(String name, Instant now) implements Command {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.deleteHook(this);
        }
    }

    /**
     * The leader's receipt: the hook's receiver acknowledged the notification for {@code seq} (for
     * a group hook, for that rev).
     */
    record HookDelivered(String name, long seq, Instant now) implements Command {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.hookDelivered(this);
        }
    }

    /**
     * Open a session.
     *
     * @param id made by the node that took the request (see {@link dev.lighthouse.coord.SessionIds}), so
     *           replaying the log gives the session the same id
     * @param name the client's name for it, or null
     */
    record OpenSession(String id, String name, Duration ttl, String by, Instant now) implements Coordinating {
        @Override
        public <R> R accept(CoordinationVisitor<R> visitor) {
            return visitor.openSession(this);
        }
    }

    /** End a session at its client's request; its memberships go in the same step. */
    record EndSession(String id, String by, Instant now) implements Coordinating {
        @Override
        public <R> R accept(CoordinationVisitor<R> visitor) {
            return visitor.endSession(this);
        }
    }

    /**
     * The leader of {@code term} found the session unrenewed for its ttl. Dropped when a newer
     * leader has recorded its term since: only the current leader's clock decides.
     */
    record ExpireSession(String id, long term, Instant now) implements Coordinating {
        @Override
        public <R> R accept(CoordinationVisitor<R> visitor) {
            return visitor.expireSession(this);
        }
    }

    /** The first entry a new leader appends: from here on, expiries from older terms are void. */
    record LeaderTerm(long term, Instant now) implements Coordinating {
        @Override
        public <R> R accept(CoordinationVisitor<R> visitor) {
            return visitor.leaderTerm(this);
        }
    }

    /**
     * The leader's record of each session's remaining ttl, so the next leader does not renew a
     * long ttl to full (an election every so often would otherwise keep it alive forever).
     */
    record CheckpointSessions(Map<String, Duration> remaining, Instant now) implements Coordinating {

        /** @throws NullPointerException for a null id or duration: the leader makes these, never a client */
        public CheckpointSessions {
            Map<String, Duration> copy = new LinkedHashMap<>();
            remaining.forEach((id, left) -> copy.put(Objects.requireNonNull(id), Objects.requireNonNull(left)));
            remaining = Collections.unmodifiableMap(copy);
        }

        @Override
        public <R> R accept(CoordinationVisitor<R> visitor) {
            return visitor.checkpointSessions(this);
        }
    }

    /**
     * Join {@code group} as {@code member} of {@code session}, or update the value of a member the
     * session has already.
     *
     * @param value the member's value; null stands for JSON null
     * @param limit the group's limit as the joiner names it, 0 for none
     */
    record JoinGroup(JsonPath group, String member, String session, Node value, int limit, String by, Instant now)
            implements Coordinating {

        public JoinGroup {
            value = value == null ? NullNode.INSTANCE : value;
        }

        @Override
        public <R> R accept(CoordinationVisitor<R> visitor) {
            return visitor.joinGroup(this);
        }
    }

    /** Leave {@code group}; a member that is not there is already gone. */
    record LeaveGroup(JsonPath group, String member, String session, String by, Instant now)
            implements Coordinating {
        @Override
        public <R> R accept(CoordinationVisitor<R> visitor) {
            return visitor.leaveGroup(this);
        }
    }
}
