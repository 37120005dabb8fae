package dev.lighthouse.tree;

import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.error.NotFound;

/** Navigation from a root to the value at a path. */
public final class Tree {

    private Tree() {
    }

    /**
     * @return the value at the path
     * @throws NotFound     naming the first missing segment
     * @throws InvalidInput for a segment that is not an index into an array
     */
    public static Node get(Node root, JsonPath path) {
        Node node = root;
        for (int depth = 0; depth < path.size(); depth++) {
            node = child(node, path, depth);
            if (node == null) {
                throw missing(path, depth);
            }
        }
        return node;
    }

    /** @return the value at the path, or null when any segment is missing */
    public static Node find(Node root, JsonPath path) {
        Node node = root;
        for (int depth = 0; depth < path.size() && node != null; depth++) {
            node = child(node, path, depth);
        }
        return node;
    }

    /**
     * @return the value at the path, or null when there is none, including when a segment names a
     *         member of what is an array: for watchers, whose path may stop making sense as the
     *         document changes shape
     */
    public static Node findOrNull(Node root, JsonPath path) {
        try {
            return find(root, path);
        } catch (InvalidInput notAnIndex) {
            return null;
        }
    }

    /** Whether two values at a path (null: absent) differ as JSON, the SPEC's one meaning of "changed". */
    public static boolean changed(Node before, Node after) {
        return before == null ? after != null : after == null || !before.sameAs(after);
    }

    /** @return the child of {@code node} named by segment {@code depth} of the path, or null */
    static Node child(Node node, JsonPath path, int depth) {
        String segment = path.segment(depth);
        if (node instanceof ObjectNode object) {
            return object.get(segment);
        }
        if (node instanceof ArrayNode array) {
            int index = arrayIndex(segment, path, depth);
            return index < array.size() ? array.get(index) : null;
        }
        return null;
    }

    static int arrayIndex(String segment, JsonPath path, int depth) {
        int index = JsonPath.parseIndex(segment);
        if (index < 0) {
            throw new InvalidInput("'" + segment + "' at " + path.prefix(depth + 1).pointer()
                    + " is not an array index (0 or a decimal without leading zeros)");
        }
        return index;
    }

    static NotFound missing(JsonPath path, int depth) {
        JsonPath missing = path.prefix(depth + 1);
        return new NotFound("nothing at " + missing.pointer(), missing.pointer());
    }
}
