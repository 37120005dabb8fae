package dev.lighthouse.tree;

import java.util.Arrays;
import java.util.function.Function;

/**
 * {@link StoredJsonReader}'s table of equal short strings and numbers: a direct-mapped cache
 * of values by their bytes, where a miss replaces the slot's value.
 */
final class SharedByBytes<T> {

    private static final int SLOTS = 1 << 14;
    /** Longer texts are rarely repeated, and comparing them would cost more than it saves. */
    private static final int MAX_BYTES = 24;

    private final byte[][] bytes = new byte[SLOTS][];
    private final Object[] values = new Object[SLOTS];

    /**
     * The value for the ASCII text in {@code in[start, end)}, made by {@code make} unless an equal
     * one is held; longer texts are made afresh and not held.
     *
     * @param hash the text's bytes hashed as {@code h = 31 * h + b}
     */
    T of(byte[] in, int start, int end, int hash, Function<String, T> make) {
        int length = end - start;
        if (length > MAX_BYTES) {
            return make.apply(latin1(in, start, length));
        }
        int slot = (hash ^ (hash >>> 14)) & (SLOTS - 1);
        byte[] held = bytes[slot];
        if (held != null && sameBytes(held, in, start, length)) {
            @SuppressWarnings("unchecked")
            T value = (T) values[slot];
            return value;
        }
        T value = make.apply(latin1(in, start, length));
        bytes[slot] = Arrays.copyOfRange(in, start, end);
        values[slot] = value;
        return value;
    }

    /** A plain loop: {@code Arrays.equals} is slow until C2 has compiled it, and these are short. */
    private static boolean sameBytes(byte[] held, byte[] in, int start, int length) {
        if (held.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (held[i] != in[start + i]) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("deprecation") // the one-byte-per-char constructor is exactly right for ASCII
    private static String latin1(byte[] in, int start, int length) {
        return new String(in, 0, start, length);
    }
}
