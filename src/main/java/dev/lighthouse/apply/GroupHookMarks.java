package dev.lighthouse.apply;

import dev.lighthouse.coord.Coordination;
import dev.lighthouse.store.Hook;
import dev.lighthouse.store.HookSet;

/**
 * Marks group hooks whose group a coordination command emptied. A group nobody is in is not
 * kept, so its last rev goes with it; the mark (the counter after the command) is what lets the
 * dispatcher, on this node or the next leader, still see a change to notify. A group that is not
 * empty needs no mark: its own rev says when it last changed.
 *
 * <p>Deterministic, like every part of a transition: the same command on the same state gives
 * the same marks on every replica and on replay. Marks only grow, so applying a command again at
 * start-up (whose mark hooks.json may hold already) changes nothing.
 */
final class GroupHookMarks {

    private GroupHookMarks() {
    }

    /**
     * @param index the command's log index, or 0 when it is replayed at start-up for its
     *              coordination part only (the hooks then keep the index hooks.json has)
     * @return {@code hooks} itself when no hooked group was emptied
     */
    static HookSet afterChange(HookSet hooks, Coordination before, Coordination after, long index) {
        if (!hooks.anyOnGroup() || before.groups() == after.groups()) {
            return hooks;
        }
        HookSet next = hooks;
        for (Hook hook : hooks.all()) {
            if (!hook.onGroup() || after.groups().containsKey(hook.group())
                    || !before.groups().containsKey(hook.group()) || hook.emptied() >= after.counter()) {
                continue;
            }
            next = next.with(hook.emptiedAt(after.counter()), Math.max(index, next.index()));
        }
        return next;
    }
}
