package dev.lighthouse.coord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * An immutable map that a change copies only along one path: a hash array
 * mapped trie, 32 ways per level, so {@link #with} and {@link #without} copy at
 * most seven small arrays whatever the size, and the map before the change
 * stays valid and shares everything else. Keys need stable {@code equals} and
 * {@code hashCode}; values may not be null.
 *
 * <p>The shape depends only on the keys present, never on the order they came
 * in (a branch left holding a single entry is folded into its parent), so
 * {@link #forEach} visits entries in the same order on every replica that
 * holds the same keys. Callers whose results depend on an order still sort:
 * entries whose hashes collide keep their insertion order.
 */
public final class PersistentMap<K, V> {

    private static final int BITS = 5;
    private static final int MASK = (1 << BITS) - 1;
    private static final PersistentMap<?, ?> EMPTY = new PersistentMap<>(new Branch(0, new Object[0]), 0);

    /** An inner node: {@code slots} holds one {@link Entry}, {@link Collision} or {@link Branch} per set bit. */
    private record Branch(int bitmap, Object[] slots) {
    }

    private record Entry(int hash, Object key, Object value) {
    }

    /** Entries whose whole 32-bit hashes are equal, in insertion order. */
    private record Collision(int hash, Entry[] entries) {
    }

    private final Branch root;
    private final int size;

    private PersistentMap(Branch root, int size) {
        this.root = root;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    public static <K, V> PersistentMap<K, V> empty() {
        return (PersistentMap<K, V>) EMPTY;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public boolean containsKey(K key) {
        return get(key) != null;
    }

    /** @return the value for {@code key}, or null when there is none (always for a null key: none is ever stored) */
    @SuppressWarnings("unchecked")
    public V get(K key) {
        if (key == null) {
            return null;
        }
        int hash = hash(key);
        Object node = root;
        for (int shift = 0; ; shift += BITS) {
            if (node instanceof Branch branch) {
                int bit = bit(hash, shift);
                if ((branch.bitmap & bit) == 0) {
                    return null;
                }
                node = branch.slots[index(branch.bitmap, bit)];
            } else if (node instanceof Entry entry) {
                return entry.hash == hash && entry.key.equals(key) ? (V) entry.value : null;
            } else {
                Collision collision = (Collision) node;
                int at = collision.hash == hash ? find(collision.entries, key) : -1;
                return at < 0 ? null : (V) collision.entries[at].value;
            }
        }
    }

    /** The map with {@code key} mapped to {@code value}; this map itself when it already maps it to that very value. */
    public PersistentMap<K, V> with(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        V old = get(key);
        if (old == value) {
            return this;
        }
        Branch next = (Branch) put(root, 0, new Entry(hash(key), key, value));
        return new PersistentMap<>(next, old == null ? size + 1 : size);
    }

    /** The map without {@code key}; this map itself when it has no such key. */
    public PersistentMap<K, V> without(K key) {
        if (get(key) == null) {
            return this;
        }
        // The root is a branch whatever it holds: only branches below it fold into their parent.
        return new PersistentMap<>((Branch) remove(root, 0, hash(key), key), size - 1);
    }

    /** Visits every entry, in the map's own order (see the class comment). */
    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<? super K, ? super V> action) {
        visit(root, entry -> action.accept((K) entry.key, (V) entry.value));
    }

    /** The values, in the order {@link #forEach} visits them. */
    public List<V> values() {
        List<V> values = new ArrayList<>(size);
        forEach((key, value) -> values.add(value));
        return values;
    }

    /**
     * Calls {@code action} once with every key whose value in this map is not the very same object
     * as in {@code older} (present in only one of them included). Subtrees the two maps share are
     * skipped, so comparing a map with the one it was made from by a few changes costs those
     * changes' paths, not the size of the map: how a follower of groups learns which of 100,000
     * changed in a step without scanning them.
     */
    @SuppressWarnings("unchecked")
    public void forEachChanged(PersistentMap<K, V> older, Consumer<? super K> action) {
        changed(older.root, root, key -> action.accept((K) key));
    }

    private static void changed(Object before, Object after, Consumer<Object> action) {
        if (before == after) {
            return;
        }
        if (before instanceof Branch was && after instanceof Branch is) {
            // Both branches sit at the same depth (the root, or the same slot of equal parents).
            for (int bits = was.bitmap | is.bitmap; bits != 0; bits &= bits - 1) {
                int bit = Integer.lowestOneBit(bits);
                changed((was.bitmap & bit) == 0 ? null : was.slots[index(was.bitmap, bit)],
                        (is.bitmap & bit) == 0 ? null : is.slots[index(is.bitmap, bit)], action);
            }
            return;
        }
        // An entry or a collision on one side (or nothing): the subtree on the other side holds only
        // what changes put there since, so comparing the two sides entry by entry stays small.
        Map<Object, Object> gone = new HashMap<>();
        if (before != null) {
            visit(before, entry -> gone.put(entry.key, entry.value));
        }
        if (after != null) {
            visit(after, entry -> {
                if (gone.remove(entry.key) != entry.value) {
                    action.accept(entry.key);
                }
            });
        }
        gone.keySet().forEach(action);
    }

    private static void visit(Object node, Consumer<Entry> action) {
        if (node instanceof Branch branch) {
            for (Object slot : branch.slots) {
                visit(slot, action);
            }
        } else if (node instanceof Entry entry) {
            action.accept(entry);
        } else {
            for (Entry entry : ((Collision) node).entries) {
                action.accept(entry);
            }
        }
    }

    private static Object put(Object node, int shift, Entry entry) {
        if (node instanceof Branch branch) {
            int bit = bit(entry.hash, shift);
            int at = index(branch.bitmap, bit);
            if ((branch.bitmap & bit) == 0) {
                return new Branch(branch.bitmap | bit, inserted(branch.slots, at, entry));
            }
            return new Branch(branch.bitmap, replaced(branch.slots, at, put(branch.slots[at], shift + BITS, entry)));
        }
        if (node instanceof Entry existing && existing.hash == entry.hash && existing.key.equals(entry.key)) {
            return entry;
        }
        if (node instanceof Collision collision && collision.hash == entry.hash) {
            int at = find(collision.entries, entry.key);
            return new Collision(entry.hash, at < 0
                    ? inserted(collision.entries, collision.entries.length, entry)
                    : replaced(collision.entries, at, entry));
        }
        return pair(node, entry, shift);
    }

    /** The smallest subtree, rooted at {@code shift}, that holds two slots of different keys. */
    private static Object pair(Object existing, Entry entry, int shift) {
        int existingHash = hashOf(existing);
        if (existingHash == entry.hash) {
            return new Collision(entry.hash, new Entry[] {(Entry) existing, entry});
        }
        int existingBit = bit(existingHash, shift);
        int entryBit = bit(entry.hash, shift);
        if (existingBit == entryBit) {
            return new Branch(existingBit, new Object[] {pair(existing, entry, shift + BITS)});
        }
        Object[] slots = Integer.compareUnsigned(existingBit, entryBit) < 0
                ? new Object[] {existing, entry}
                : new Object[] {entry, existing};
        return new Branch(existingBit | entryBit, slots);
    }

    /**
     * The node without {@code key} (which it holds): a branch left with one entry or collision
     * becomes that slot, so its parent holds it directly and the shape stays canonical.
     */
    private static Object remove(Object node, int shift, int hash, Object key) {
        if (node instanceof Collision collision) {
            Entry[] rest = removed(collision.entries, find(collision.entries, key));
            return rest.length == 1 ? rest[0] : new Collision(hash, rest);
        }
        if (node instanceof Entry) {
            return null;
        }
        Branch branch = (Branch) node;
        int bit = bit(hash, shift);
        int at = index(branch.bitmap, bit);
        Object child = remove(branch.slots[at], shift + BITS, hash, key);
        if (child == null) {
            Object[] rest = removed(branch.slots, at);
            if (rest.length == 1 && !(rest[0] instanceof Branch) && shift > 0) {
                return rest[0];
            }
            return new Branch(branch.bitmap & ~bit, rest);
        }
        if (branch.slots.length == 1 && !(child instanceof Branch) && shift > 0) {
            return child;
        }
        return new Branch(branch.bitmap, replaced(branch.slots, at, child));
    }

    private static int hashOf(Object slot) {
        return slot instanceof Entry entry ? entry.hash : ((Collision) slot).hash;
    }

    /** Spreads the key's hash so that keys differing only in their high bits still part at the first levels. */
    private static int hash(Object key) {
        int h = key.hashCode() * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private static int bit(int hash, int shift) {
        return 1 << ((hash >>> shift) & MASK);
    }

    private static int index(int bitmap, int bit) {
        return Integer.bitCount(bitmap & (bit - 1));
    }

    private static int find(Entry[] entries, Object key) {
        for (int i = 0; i < entries.length; i++) {
            if (entries[i].key.equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private static <T> T[] inserted(T[] array, int at, T value) {
        T[] copy = Arrays.copyOf(array, array.length + 1);
        System.arraycopy(array, at, copy, at + 1, array.length - at);
        copy[at] = value;
        return copy;
    }

    private static <T> T[] replaced(T[] array, int at, T value) {
        T[] copy = array.clone();
        copy[at] = value;
        return copy;
    }

    private static <T> T[] removed(T[] array, int at) {
        T[] copy = Arrays.copyOf(array, array.length - 1);
        System.arraycopy(array, at + 1, copy, at, array.length - at - 1);
        return copy;
    }
}
