package dev.lighthouse.apply;

import dev.lighthouse.store.Version;
import java.time.Duration;
import java.time.Instant;

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

    /** Turn the staged document into a new version and free the lock. */
    record Commit(String name, String by, Instant now) implements Command {
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
     */
    record PatchDocument(Edit edit, Long expectedSeq, String by, Instant now) implements Command {
        public static final String LOCK_NAME = "patch";

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.patch(this);
        }
    }

    /** Register a webhook; refused when the name is taken. */
    record CreateHook(String name, String path, String url, Instant now) implements Command {
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

    /** The leader's receipt: the hook's receiver acknowledged the notification for {@code seq}. */
    record HookDelivered(String name, long seq, Instant now) implements Command {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.hookDelivered(this);
        }
    }
}
