package dev.lighthouse.store;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The registered hooks, immutable, by name. {@code index} is the Raft log position of the last
 * command that changed them (a hook command, or a group change that emptied a hooked group): on restart, the hook file on disk already holds every hook
 * command up to there, and replaying one of them again must not apply it twice.
 */
public final class HookSet {

    public static final HookSet EMPTY = new HookSet(new TreeMap<>(), 0);

    private final Map<String, Hook> byName;
    private final long index;
    private final boolean anyOnGroup;

    private HookSet(Map<String, Hook> byName, long index) {
        this.byName = Collections.unmodifiableMap(byName);
        this.index = index;
        this.anyOnGroup = byName.values().stream().anyMatch(Hook::onGroup);
    }

    public static HookSet of(Collection<Hook> hooks, long index) {
        TreeMap<String, Hook> map = new TreeMap<>();
        hooks.forEach(h -> map.put(h.name(), h));
        return new HookSet(map, index);
    }

    public Hook get(String name) {
        return byName.get(name);
    }

    public Set<String> names() {
        return byName.keySet();
    }

    /** In name order. */
    public Collection<Hook> all() {
        return byName.values();
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }

    /** Whether any hook is on a group (so a change of sessions and groups may concern one). */
    public boolean anyOnGroup() {
        return anyOnGroup;
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
