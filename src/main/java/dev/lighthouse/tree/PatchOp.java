package dev.lighthouse.tree;

/**
 * One RFC 6902 operation with absolute paths.
 *
 * @param from  source of {@code move} and {@code copy}, otherwise null
 * @param value operand of {@code add}, {@code replace} and {@code test}, otherwise null
 */
public record PatchOp(Kind kind, JsonPath path, JsonPath from, Node value) {

    public enum Kind {
        ADD, REMOVE, REPLACE, MOVE, COPY, TEST;

        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static PatchOp add(JsonPath path, Node value) {
        return new PatchOp(Kind.ADD, path, null, value);
    }

    public static PatchOp remove(JsonPath path) {
        return new PatchOp(Kind.REMOVE, path, null, null);
    }

    public static PatchOp replace(JsonPath path, Node value) {
        return new PatchOp(Kind.REPLACE, path, null, value);
    }

    /** The operation as a JSON Patch member, with pointers relative to {@code base}. */
    public ObjectNode toNode() {
        ObjectNode node = ObjectNode.EMPTY.with("op", StringNode.of(kind.jsonName()))
                .with("path", StringNode.of(path.pointer()));
        if (from != null) {
            node = node.with("from", StringNode.of(from.pointer()));
        }
        if (value != null) {
            node = node.with("value", value);
        }
        return node;
    }
}
