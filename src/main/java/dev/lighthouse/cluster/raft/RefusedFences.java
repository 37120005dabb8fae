package dev.lighthouse.cluster.raft;

import dev.lighthouse.apply.Command;
import dev.lighthouse.coord.Coordination;
import dev.lighthouse.coord.Fence;
import dev.lighthouse.error.PreconditionFailed;
import java.util.Collection;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The log indexes of fenced document writes whose fence refused them, kept while the log holds
 * those entries and carried in this node's snapshots.
 *
 * <p>Why: a snapshot holds the sessions and groups as of its index, but data.d may end before
 * it (version files not yet written or synced when the node died). Start-up then applies the
 * document part of the entries in between from the log, on top of groups that are already as of
 * the snapshot; a fence checked against those could pass where it had failed, or fail where it
 * had passed (its holder left later), and the node would serve another document than the one it
 * acknowledged. With this set each such write gets the outcome it had. Writes whose fence held
 * are the common case, hence only refusals are recorded.
 *
 * <p>Used on the Raft runner thread only (and at start-up, before it runs).
 */
final class RefusedFences {

    private final NavigableSet<Long> refused = new TreeSet<>();

    /**
     * Records whether the fence of {@code command}, if it carries one, holds in {@code before}: the
     * coordination state the entry at {@code index} is applied to, which the transition checks it against.
     */
    void check(long index, Command command, Coordination before) {
        Fence fence = fenceOf(command);
        if (fence == null) {
            return;
        }
        try {
            before.checkFence(fence);
            refused.remove(index);
        } catch (PreconditionFailed e) {
            refused.add(index);
        }
    }

    /**
     * What to apply of the entry at {@code index} when its coordination part is applied already
     * (the snapshot's state covers it): the command's effect on the document and the lock alone.
     * A session or group command there amounts to the lapsed-lease check every command makes
     * first, which is what {@link Command.Expire} is; a fenced write is applied without its
     * fence when the fence held, and as a refused command (again: the lease check alone) when not.
     */
    Command documentPart(long index, Command command) {
        if (command instanceof Command.Coordinating) {
            return new Command.Expire(command.now());
        }
        if (fenceOf(command) == null) {
            return command;
        }
        if (refused.contains(index)) {
            return new Command.Expire(command.now());
        }
        if (command instanceof Command.Commit c) {
            return new Command.Commit(c.name(), c.by(), null, c.now());
        }
        Command.PatchDocument p = (Command.PatchDocument) command;
        return new Command.PatchDocument(p.edit(), p.expectedSeq(), p.by(), null, p.now());
    }

    /** The log was truncated up to {@code index}: start-up never replays those entries again. */
    void forgetUpTo(long index) {
        refused.headSet(index, true).clear();
    }

    /** A snapshot's set replaces this one: the log holds its entries, and only those, from here on. */
    void replaceWith(Collection<Long> indexes) {
        refused.clear();
        refused.addAll(indexes);
    }

    /** The indexes in ascending order, for a snapshot. */
    Collection<Long> all() {
        return refused;
    }

    private static Fence fenceOf(Command command) {
        if (command instanceof Command.Commit c) {
            return c.fence();
        }
        return command instanceof Command.PatchDocument p ? p.fence() : null;
    }
}
