package dev.lighthouse.watch;

import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.ObjectNode;
import dev.lighthouse.tree.Tree;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The watched paths as a trie of segments. Finding who a commit concerns costs
 * a walk down each changed pointer plus a digest comparison per watched path
 * on or below it, whatever the size of the document or the number of
 * watchers elsewhere. Not thread-safe: {@link Watches}'s notifier lock guards it.
 */
final class WatchIndex {

    /** The watchers of one path, and the branches below it. */
    static final class Entry {
        final JsonPath path;
        final Entry parent;
        final Map<String, Entry> children = new HashMap<>();
        final Set<Watches.Subscription> subscriptions = new LinkedHashSet<>();

        Entry(JsonPath path, Entry parent) {
            this.path = path;
            this.parent = parent;
        }
    }

    private final Entry root = new Entry(JsonPath.ROOT, null);

    Entry add(JsonPath path, Watches.Subscription subscription) {
        Entry entry = root;
        for (int i = 0; i < path.size(); i++) {
            // Looked up before anything is made: every long poll comes through here, on a path
            // usually watched already.
            Entry child = entry.children.get(path.segment(i));
            if (child == null) {
                child = new Entry(path.prefix(i + 1), entry);
                entry.children.put(path.segment(i), child);
            }
            entry = child;
        }
        entry.subscriptions.add(subscription);
        return entry;
    }

    void remove(Entry entry, Watches.Subscription subscription) {
        entry.subscriptions.remove(subscription);
        prune(entry);
    }

    /** Drops the entry, and the branch above it, once nobody watches there or below. */
    void prune(Entry entry) {
        Entry e = entry;
        // remove(key, e): a stale entry must not take with it a newer one at the same path.
        while (e.parent != null && e.subscriptions.isEmpty() && e.children.isEmpty()
                && e.parent.children.remove(e.path.last(), e)) {
            e = e.parent;
        }
    }

    boolean isEmpty() {
        return root.subscriptions.isEmpty() && root.children.isEmpty();
    }

    /**
     * The entries whose value differs between two roots.
     *
     * @param changed the pointers a commit changed (every difference lies at or below one), or
     *                null when unknown (a snapshot installed): then every watched path is compared
     */
    List<Entry> differing(ObjectNode before, ObjectNode after, List<String> changed) {
        Set<Entry> candidates = Collections.newSetFromMap(new IdentityHashMap<>());
        if (changed == null) {
            addSubtree(root, candidates);
        } else {
            for (String pointer : changed) {
                addAffected(JsonPath.fromPointer(pointer), candidates);
            }
        }
        List<Entry> differing = new ArrayList<>();
        for (Entry entry : candidates) {
            if (!entry.subscriptions.isEmpty()
                    && Tree.changed(Tree.findOrNull(before, entry.path), Tree.findOrNull(after, entry.path))) {
                differing.add(entry);
            }
        }
        return differing;
    }

    /** Watched paths above or at the pointer (they contain the change) and below it (they may be inside it). */
    private void addAffected(JsonPath changedPath, Set<Entry> candidates) {
        Entry entry = root;
        candidates.add(entry);
        for (int i = 0; i < changedPath.size(); i++) {
            entry = entry.children.get(changedPath.segment(i));
            if (entry == null) {
                return;
            }
            candidates.add(entry);
        }
        addSubtree(entry, candidates);
    }

    private static void addSubtree(Entry top, Set<Entry> candidates) {
        Deque<Entry> pending = new ArrayDeque<>();
        pending.push(top);
        while (!pending.isEmpty()) {
            Entry entry = pending.pop();
            candidates.add(entry);
            entry.children.values().forEach(pending::push);
        }
    }
}
