package dev.lighthouse.hooks;

import dev.lighthouse.store.Hook;
import dev.lighthouse.store.Version;
import dev.lighthouse.store.VersionHistory;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.Node;
import dev.lighthouse.tree.Tree;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which version a path hook is to be told about next. Remembers, per hook, the newest seq already
 * found not to need a notification, so each reconcile scans only the versions since. Not
 * thread-safe: the dispatcher's thread alone uses it.
 */
final class PathChanges {

    private final Map<String, Long> checked = new HashMap<>();

    /**
     * The first seq after the hook's acknowledged one in which the value at its path differs from
     * the version before, or the current seq when the versions between are no longer retained
     * (the receiver may have missed a change; it gets the latest); 0 when there is none.
     */
    long next(Hook hook, VersionHistory history) {
        long from = Math.max(hook.delivered(), checked.getOrDefault(hook.name(), 0L));
        Version current = history.current();
        if (from >= current.seq()) {
            return 0;
        }
        Version base = history.get(from);
        if (base == null) {
            return current.seq();
        }
        JsonPath path = JsonPath.fromPointer(hook.path());
        Node before = Tree.findOrNull(base.root(), path);
        for (long seq = from + 1; seq <= current.seq(); seq++) {
            Version version = history.get(seq);
            if (version == null) {
                return current.seq();
            }
            Node after = Tree.findOrNull(version.root(), path);
            if (Tree.changed(before, after)) {
                return seq;
            }
            before = after;
        }
        checked.put(hook.name(), current.seq());
        return 0;
    }

    /** The hook's receiver has {@code seq}: no need to look at it again. */
    void delivered(String hook, long seq) {
        checked.put(hook, seq);
    }

    void keepOnly(Set<String> hooks) {
        checked.keySet().retainAll(hooks);
    }

    void clear() {
        checked.clear();
    }
}
