package dev.lighthouse.tree;

import java.util.Arrays;

/** A JSON array. Edits return a new node sharing every element with this one. */
public final class ArrayNode extends Node {

    public static final ArrayNode EMPTY = new ArrayNode(new Node[0]);

    private final Node[] items;
    private final Digest digest;
    private final long approxSize;
    private final int depth;

    private ArrayNode(Node[] items) {
        this.items = items;
        DigestBuilder builder = DigestBuilder.start(DigestBuilder.ARRAY, items.length);
        long size = 2;
        int deepest = 0;
        for (Node item : items) {
            item.feedAsChild(builder);
            size += item.approxSize() + 1;
            deepest = Math.max(deepest, item.depth());
        }
        this.digest = builder.finish();
        this.approxSize = size;
        this.depth = deepest + 1;
    }

    /** Builds an array from an array the caller hands over and never touches again. */
    static ArrayNode adopt(Node[] items) {
        return items.length == 0 ? EMPTY : new ArrayNode(items);
    }

    public static ArrayNode of(Node... items) {
        return adopt(items.clone());
    }

    public int size() {
        return items.length;
    }

    public Node get(int i) {
        return items[i];
    }

    public ArrayNode with(int i, Node value) {
        if (items[i] == value) {
            return this;
        }
        Node[] copy = items.clone();
        copy[i] = value;
        return new ArrayNode(copy);
    }

    /** Inserts before position {@code i}; {@code i == size()} appends. */
    public ArrayNode inserting(int i, Node value) {
        Node[] copy = new Node[items.length + 1];
        System.arraycopy(items, 0, copy, 0, i);
        copy[i] = value;
        System.arraycopy(items, i, copy, i + 1, items.length - i);
        return new ArrayNode(copy);
    }

    public ArrayNode removing(int i) {
        Node[] copy = new Node[items.length - 1];
        System.arraycopy(items, 0, copy, 0, i);
        System.arraycopy(items, i + 1, copy, i, items.length - i - 1);
        return adopt(copy);
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
        return "array";
    }

    /** Collects elements, then builds the node once. */
    public static final class Builder {
        private Node[] items = new Node[8];
        private int count;

        public void add(Node item) {
            if (count == items.length) {
                items = Arrays.copyOf(items, count * 2);
            }
            items[count++] = item;
        }

        public ArrayNode build() {
            return adopt(Arrays.copyOf(items, count));
        }

        /** Builds, then empties this builder for reuse (dropping its references). */
        public ArrayNode buildAndReset() {
            ArrayNode built = build();
            Arrays.fill(items, 0, count, null);
            count = 0;
            return built;
        }
    }
}
