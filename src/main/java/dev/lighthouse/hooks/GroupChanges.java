package dev.lighthouse.hooks;

import dev.lighthouse.coord.Coordination;
import dev.lighthouse.coord.Group;
import dev.lighthouse.store.Hook;

/**
 * Which rev a group hook is to be told about next. Only the group's latest change is known (a
 * group keeps its current rev, not its history), so changes made faster than the receiver
 * acknowledges come as one notification with the newest rev: like a path hook's, it says "look
 * again", and revs only grow.
 */
final class GroupChanges {

    private GroupChanges() {
    }

    /**
     * The rev of the group's last change (for a group emptied since, the counter just after, which
     * the transition recorded on the hook), when the receiver has not acknowledged it; else 0.
     */
    static long next(Hook hook, Coordination coordination) {
        Group group = coordination.groups().get(hook.group());
        long latest = Math.max(group == null ? 0 : group.rev(), hook.emptied());
        return latest > hook.delivered() ? latest : 0;
    }
}
