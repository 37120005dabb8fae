package dev.lighthouse.apply;

import dev.lighthouse.store.HookSet;
import dev.lighthouse.store.Version;
import dev.lighthouse.tree.PatchOp;
import java.util.List;

/**
 * What a command's transition asks to happen outside the state, carried out
 * in order by an {@link EffectSink} after the transition (files in data.d, the
 * audit line). A transition itself never does I/O, so it is the same on every
 * replica, on replay, and in a unit test.
 */
public sealed interface Effect {

    /**
     * Write {@code version}'s file.
     *
     * @param previous       the version it was made from (itself when written whole)
     * @param patch          the change from {@code previous}
     * @param oldestRetained the oldest version history keeps once {@code version} is in it
     * @param whole          write the whole document whatever its size
     */
    record WriteVersion(Version version, Version previous, List<PatchOp> patch, Version oldestRetained,
                        boolean whole) implements Effect {
    }

    /** Replace data.d's hook file with {@code hooks}. */
    record WriteHooks(HookSet hooks) implements Effect {
    }

    /** Set aside the files of versions {@code fromSeq} and newer: the cluster's history replaces them. */
    record SetAsideFrom(long fromSeq, String suffix) implements Effect {
    }

    /** The audit line of a commit. */
    record Audit(Version version) implements Effect {
    }
}
