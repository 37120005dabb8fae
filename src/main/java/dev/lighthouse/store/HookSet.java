package dev.lighthouse.store;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The registered hooks, immutable, by name. {@code index} is the Raft log position of the last
 * command that changed them: on restart, the hook file on disk already holds every hook
 * command up to there, and replaying one of them again must not apply it twice.
 */
public final class HookSet {

    public static final HookSet EMPTY = new HookSet(new TreeMap<>(), 0);

    private final Map<String, Hook> byName;
    private final long index;

    private HookSet(Map<String, Hook> byName, long index) {
        this.byName = Collections.unmodifiableMap(byName);
        this.index = index;
    }

    public static HookSet of(Collection<Hook> hooks, long index) {
        TreeMap<String, Hook> map = new TreeMap<>();
        hooks.forEach(h -> map.put(h.name(), h));
        return new HookSet(map, index);
    }

    public Hook get(String name) {
        return byName.get(name);
    }

    /** In name order. */
    public Collection<Hook> all() {
        return byName.values();
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }

    public long index() {
        return index;
    }

    public HookSet with(Hook hook, long atIndex) {
        TreeMap<String, Hook> map = new TreeMap<>(byName);
        map.put(hook.name(), hook);
        return new HookSet(map, atIndex);
    }

    public HookSet without(String name, long atIndex) {
        TreeMap<String, Hook> map = new TreeMap<>(byName);
        map.remove(name);
        return new HookSet(map, atIndex);
    }
}
