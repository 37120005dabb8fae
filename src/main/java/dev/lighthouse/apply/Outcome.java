package dev.lighthouse.apply;

import dev.lighthouse.coord.Group;
import dev.lighthouse.coord.Member;
import dev.lighthouse.coord.Session;
import dev.lighthouse.error.LighthouseException;
import dev.lighthouse.store.Hook;
import dev.lighthouse.store.Version;
import java.util.List;

/** What applying a command produced. Failures are values: the applier never throws. */
public sealed interface Outcome {

    /** The lock was taken, renewed or had an edit staged. */
    record Locked(LockState lock) implements Outcome {
    }

    /**
     * The lock was released by a commit.
     *
     * @param version the new version, or null when the staged document equalled the current one
     */
    record Committed(Version version) implements Outcome {
    }

    /** The lock was released without a new version (abort, or expiry). */
    record Released() implements Outcome {
    }

    /** A hook as a hook command left it (null once deleted). */
    record Hooked(Hook hook) implements Outcome {
    }

    /** A session was opened. */
    record SessionOpened(Session session) implements Outcome {
    }

    /** A session ended (deleted, or expired by the leader); {@code groups} each group it left, as it is now. */
    record SessionEnded(Session session, List<Group> groups) implements Outcome {
    }

    /** A member joined, or had its value updated; {@code group} as it is now. */
    record Joined(Group group, Member member) implements Outcome {
    }

    /** A member left; {@code group} as it is now (empty once the last one left). */
    record Left(Group group, Member member) implements Outcome {
    }

    /** The leader's bookkeeping was recorded: its term, or sessions' remaining ttl. */
    record Recorded() implements Outcome {
    }

    /**
     * Nothing to do: an expiry check that found the lease still running, a session expiry that no
     * longer stands, a member leaving a group it is not in.
     */
    record Unchanged() implements Outcome {
    }

    /** The command was refused; state is exactly as before it. */
    record Failed(LighthouseException problem) implements Outcome {
    }
}
