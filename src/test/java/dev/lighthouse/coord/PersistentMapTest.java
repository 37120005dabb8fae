package dev.lighthouse.coord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The persistent map against java.util's, and what sharing between versions must not break. */
class PersistentMapTest {

    /** A key whose hash the test chooses, so that collisions and deep paths are made on purpose. */
    private record Key(String name, int hash) {
        @Override
        public int hashCode() {
            return hash;
        }
    }

    private static <K, V> Map<K, V> asMap(PersistentMap<K, V> map) {
        Map<K, V> copy = new HashMap<>();
        map.forEach((key, value) -> assertNull(copy.put(key, value), "each key is visited once: " + key));
        return copy;
    }

    @Test
    void randomChangesGiveWhatAHashMapGives() {
        Random random = new Random(15);
        Map<Key, Integer> expected = new HashMap<>();
        PersistentMap<Key, Integer> map = PersistentMap.empty();
        for (int step = 0; step < 20_000; step++) {
            // Few distinct hashes in a small range: collisions and shared prefixes are frequent.
            Key key = new Key("k" + random.nextInt(3000), random.nextInt(2000) * (random.nextBoolean() ? 1 : 1 << 20));
            if (random.nextInt(3) == 0) {
                expected.remove(key);
                map = map.without(key);
            } else {
                expected.put(key, step);
                map = map.with(key, step);
            }
            assertEquals(expected.size(), map.size());
            assertEquals(expected.get(key), map.get(key));
        }
        assertEquals(expected, asMap(map));
        for (Key key : expected.keySet()) {
            assertEquals(expected.get(key), map.get(key));
        }
    }

    @Test
    void aChangeLeavesTheMapItWasMadeFromAsItWas() {
        PersistentMap<String, Integer> before = PersistentMap.empty();
        for (int i = 0; i < 1000; i++) {
            before = before.with("s" + i, i);
        }
        PersistentMap<String, Integer> added = before.with("new", -1);
        PersistentMap<String, Integer> replaced = before.with("s7", 700);
        PersistentMap<String, Integer> removed = before.without("s8");

        assertEquals(1000, before.size());
        assertNull(before.get("new"));
        assertEquals(7, before.get("s7"));
        assertEquals(8, before.get("s8"));
        assertEquals(1001, added.size());
        assertEquals(700, replaced.get("s7"));
        assertEquals(1000, replaced.size());
        assertNull(removed.get("s8"));
        assertEquals(999, removed.size());
        assertEquals(9, removed.get("s9"));
    }

    @Test
    void keysWithEqualHashesAreKeptApart() {
        // "Aa" and "BB" have the same String hash, and so do all four of these.
        List<String> colliding = List.of("AaAa", "AaBB", "BBAa", "BBBB");
        assertEquals(1, colliding.stream().map(String::hashCode).distinct().count());
        PersistentMap<String, String> map = PersistentMap.empty();
        for (String key : colliding) {
            map = map.with(key, key.toLowerCase());
        }
        assertEquals(4, map.size());
        for (String key : colliding) {
            assertEquals(key.toLowerCase(), map.get(key));
        }
        PersistentMap<String, String> fewer = map.without("AaBB").without("BBBB");
        assertEquals(Map.of("AaAa", "aaaa", "BBAa", "bbaa"), asMap(fewer));
        assertNull(fewer.get("AaBB"));
        assertEquals(Map.of(), asMap(fewer.without("AaAa").without("BBAa")));
    }

    @Test
    void nothingToChangeGivesTheSameMap() {
        Integer one = 1;
        PersistentMap<String, Integer> map = PersistentMap.<String, Integer>empty().with("a", one);
        assertSame(map, map.with("a", one));
        assertSame(map, map.without("b"));
        assertThrows(NullPointerException.class, () -> map.with("b", null));
        assertThrows(NullPointerException.class, () -> map.with(null, one));
        assertNull(map.get(null), "no null key is ever stored, so asking for one finds nothing");
        assertSame(map, map.without(null));
    }

    /**
     * The order of {@code forEach} depends on the keys alone: two replicas that reached the same
     * keys by different histories visit them alike.
     */
    @Test
    void theVisitingOrderDependsOnTheKeysNotOnTheirHistory() {
        PersistentMap<String, Integer> forwards = PersistentMap.empty();
        PersistentMap<String, Integer> backwards = PersistentMap.empty();
        for (int i = 0; i < 5000; i++) {
            forwards = forwards.with("s" + i, i);
            backwards = backwards.with("s" + (4999 - i), 4999 - i);
            if (i % 3 == 0) {
                backwards = backwards.with("gone" + i, i);
            }
        }
        for (int i = 0; i < 5000; i += 3) {
            backwards = backwards.without("gone" + i);
        }
        assertEquals(keys(forwards), keys(backwards));
        assertEquals(forwards.values(), backwards.values());
    }

    private static List<String> keys(PersistentMap<String, Integer> map) {
        List<String> keys = new ArrayList<>();
        map.forEach((key, value) -> keys.add(key));
        return keys;
    }

    @Test
    void emptyingTheMapLeavesAnEmptyMap() {
        PersistentMap<String, Integer> map = PersistentMap.empty();
        Map<String, Integer> model = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            map = map.with("k" + i, i);
            model.put("k" + i, i);
        }
        for (String key : model.keySet()) {
            map = map.without(key);
        }
        assertTrue(map.isEmpty());
        assertFalse(map.containsKey("k1"));
        assertEquals(List.of(), map.values());
    }

    @Test
    void forEachChangedNamesExactlyTheKeysWhoseValueIsAnotherObject() {
        Random random = new Random(16);
        PersistentMap<Key, Object> map = PersistentMap.empty();
        for (int round = 0; round < 400; round++) {
            PersistentMap<Key, Object> before = map;
            // A few changes per round, on keys whose hashes collide and share prefixes often.
            for (int change = random.nextInt(6); change > 0; change--) {
                Key key = new Key("k" + random.nextInt(500), random.nextInt(300) * (random.nextBoolean() ? 1 : 1 << 15));
                map = random.nextInt(3) == 0 ? map.without(key) : map.with(key, new Object());
            }
            if (random.nextInt(10) == 0) {
                Key present = before.values().isEmpty() ? null : firstKey(before);
                if (present != null) {
                    map = map.with(present, before.get(present)); // the same object again: no change
                }
            }
            Map<Key, Object> was = asMap(before);
            Map<Key, Object> is = asMap(map);
            List<Key> expected = new ArrayList<>();
            for (Key key : union(was, is)) {
                if (was.get(key) != is.get(key)) {
                    expected.add(key);
                }
            }
            List<Key> reported = new ArrayList<>();
            map.forEachChanged(before, reported::add);
            assertEquals(new HashSet<>(expected), new HashSet<>(reported), "round " + round);
            assertEquals(expected.size(), reported.size(), "each changed key once, round " + round);
        }
    }

    @Test
    void forEachChangedOnABigMapNamesOnlyTheChangedKeys() {
        PersistentMap<String, Object> big = PersistentMap.empty();
        for (int i = 0; i < 100_000; i++) {
            big = big.with("g" + i, new Object());
        }
        PersistentMap<String, Object> next = big.with("g7", new Object()).without("g8").with("new", new Object());
        List<String> reported = new ArrayList<>();
        next.forEachChanged(big, reported::add);
        assertEquals(Set.of("g7", "g8", "new"), new HashSet<>(reported));
        List<String> none = new ArrayList<>();
        next.forEachChanged(next, none::add);
        assertTrue(none.isEmpty(), "a map compared with itself has no changes");
    }

    private static Key firstKey(PersistentMap<Key, Object> map) {
        Key[] first = new Key[1];
        map.forEach((key, value) -> {
            if (first[0] == null) {
                first[0] = key;
            }
        });
        return first[0];
    }

    private static Set<Key> union(Map<Key, Object> a, Map<Key, Object> b) {
        Set<Key> keys = new HashSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }
}
