package dev.lighthouse.tree;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A JSON object that keeps its members in the order they were written.
 * Edits return a new node sharing every member value with this one; their
 * cost grows with this object's width, never with the size of its subtrees.
 */
public final class ObjectNode extends Node {

    public static final ObjectNode EMPTY = new ObjectNode(new String[0], new Node[0]);

    /** Below this width a linear scan beats building a hash index. */
    private static final int INDEX_THRESHOLD = 12;

    private final String[] keys;
    private final Node[] values;
    private final Digest digest;
    private final long approxSize;
    private final int depth;
    private volatile Map<String, Integer> index;

    private ObjectNode(String[] keys, Node[] values) {
        this.keys = keys;
        this.values = values;
        DigestBuilder builder = DigestBuilder.start(DigestBuilder.OBJECT, keys.length);
        long size = 2;
        int deepest = 0;
        for (int i = 0; i < keys.length; i++) {
            builder.text(keys[i]);
            values[i].feedAsChild(builder);
            size += keys[i].length() + 4 + values[i].approxSize();
            deepest = Math.max(deepest, values[i].depth());
        }
        this.digest = builder.finish();
        this.approxSize = size;
        this.depth = deepest + 1;
    }

    /** Builds an object from parallel arrays the caller hands over and never touches again. */
    static ObjectNode adopt(String[] keys, Node[] values) {
        return keys.length == 0 ? EMPTY : new ObjectNode(keys, values);
    }

    public int size() {
        return keys.length;
    }

    public String key(int i) {
        return keys[i];
    }

    public Node value(int i) {
        return values[i];
    }

    /** @return the member's position, or -1 */
    public int indexOf(String key) {
        if (keys.length < INDEX_THRESHOLD) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }
        Map<String, Integer> idx = index;
        if (idx == null) {
            idx = new HashMap<>(keys.length * 2);
            for (int i = 0; i < keys.length; i++) {
                idx.put(keys[i], i);
            }
            index = idx;
        }
        Integer position = idx.get(key);
        return position == null ? -1 : position;
    }

    /** @return the member's value, or null */
    public Node get(String key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    /** Sets a member: replaced in place when present, appended otherwise. */
    public ObjectNode with(String key, Node value) {
        int i = indexOf(key);
        if (i >= 0) {
            if (values[i] == value) {
                return this;
            }
            Node[] newValues = values.clone();
            newValues[i] = value;
            return new ObjectNode(keys, newValues);
        }
        String[] newKeys = Arrays.copyOf(keys, keys.length + 1);
        Node[] newValues = Arrays.copyOf(values, values.length + 1);
        newKeys[keys.length] = key;
        newValues[values.length] = value;
        return new ObjectNode(newKeys, newValues);
    }

    /** @return this object without the member, or this object when it has no such member */
    public ObjectNode without(String key) {
        int i = indexOf(key);
        if (i < 0) {
            return this;
        }
        String[] newKeys = new String[keys.length - 1];
        Node[] newValues = new Node[values.length - 1];
        System.arraycopy(keys, 0, newKeys, 0, i);
        System.arraycopy(keys, i + 1, newKeys, i, keys.length - i - 1);
        System.arraycopy(values, 0, newValues, 0, i);
        System.arraycopy(values, i + 1, newValues, i, values.length - i - 1);
        return adopt(newKeys, newValues);
    }

    @Override
    public Digest digest() {
        return digest;
    }

    @Override
    void feedAsChild(DigestBuilder builder) {
        builder.nested(digest);
    }

    @Override
    public long approxSize() {
        return approxSize;
    }

    @Override
    public int depth() {
        return depth;
    }

    @Override
    public boolean isContainer() {
        return true;
    }

    @Override
    public String typeName() {
        return "object";
    }

    /** Collects members in order, then builds the node once. */
    public static final class Builder {
        private String[] keys = new String[8];
        private Node[] values = new Node[8];
        private int count;

        /** Appends a member; the caller guarantees keys are distinct (the parser rejects duplicates). */
        public void put(String key, Node value) {
            if (count == keys.length) {
                keys = Arrays.copyOf(keys, count * 2);
                values = Arrays.copyOf(values, count * 2);
            }
            keys[count] = key;
            values[count] = value;
            count++;
        }

        public ObjectNode build() {
            return adopt(Arrays.copyOf(keys, count), Arrays.copyOf(values, count));
        }

        /** Builds, then empties this builder for reuse (dropping its references). */
        public ObjectNode buildAndReset() {
            ObjectNode built = build();
            Arrays.fill(keys, 0, count, null);
            Arrays.fill(values, 0, count, null);
            count = 0;
            return built;
        }
    }
}
