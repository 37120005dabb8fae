package dev.lighthouse.apply;

import dev.lighthouse.error.LighthouseException;
import dev.lighthouse.store.Hook;
import dev.lighthouse.store.Version;

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

    /** Nothing to do (an expiry check that found the lease still running). */
    /** A hook as a hook command left it (null once deleted). */
    record Hooked(Hook hook) implements Outcome {
    }

    record Unchanged() implements Outcome {
    }

    /** The command was refused; state is exactly as before it. */
    record Failed(LighthouseException problem) implements Outcome {
    }
}
