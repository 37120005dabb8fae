package dev.lighthouse.tree;

import java.util.Arrays;

/**
 * {@link StoredJsonReader}'s table of equal short strings and numbers: a direct-mapped cache
 * of values by their bytes, where a miss replaces the slot's value.
 */
final class SharedByBytes<T> {

    private static final int SLOTS = 1 << 14;

    private final byte[][] bytes = new byte[SLOTS][];
    private final Object[] values = new Object[SLOTS];

    int slot(int hash) {
        return (hash ^ (hash >>> 14)) & (SLOTS - 1);
    }

    /** @return the value held for exactly these bytes, or null */
    @SuppressWarnings("unchecked")
    T get(int slot, byte[] in, int start, int end) {
        byte[] held = bytes[slot];
        if (held == null || held.length != end - start) {
            return null;
        }
        // a plain loop: Arrays.equals is slow until C2 has compiled it, and these are short
        for (int i = 0; i < held.length; i++) {
            if (held[i] != in[start + i]) {
                return null;
            }
        }
        return (T) values[slot];
    }

    T put(int slot, byte[] in, int start, int end, T value) {
        bytes[slot] = Arrays.copyOfRange(in, start, end);
        values[slot] = value;
        return value;
    }
}
