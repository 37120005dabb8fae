package dev.lighthouse.tree;

import dev.lighthouse.error.Conflict;
import dev.lighthouse.error.InvalidInput;

/**
 * The staged edits of the lock-edit-commit API as pure functions from one
 * document to the next. Each copies only the containers on the edited path.
 */
public final class Edits {

    private Edits() {
    }

    /**
     * Sets the value at the path, creating missing parent objects. {@code -}
     * as the last segment, or an index equal to the array's length, appends.
     */
    public static ObjectNode put(ObjectNode root, JsonPath path, Node value) {
        return asDocument(putAt(root, path, 0, value));
    }

    /** Removes the value at the path. */
    public static ObjectNode delete(ObjectNode root, JsonPath path) {
        if (path.isRoot()) {
            throw new InvalidInput("the document root cannot be deleted; PUT {} to empty it");
        }
        return (ObjectNode) deleteAt(root, path, 0);
    }

    /** Applies an RFC 7396 merge patch to the value at the path (absent counts as null). */
    public static ObjectNode mergePatch(ObjectNode root, JsonPath path, Node patch) {
        Node merged = merge(Tree.find(root, path), patch);
        return asDocument(putAt(root, path, 0, merged));
    }

    /** Replaces the document; it must be an object. */
    public static ObjectNode asDocument(Node value) {
        if (value instanceof ObjectNode object) {
            return object;
        }
        throw new InvalidInput("the document root must be an object, not " + value.typeName());
    }

    private static Node putAt(Node node, JsonPath path, int depth, Node value) {
        if (depth == path.size()) {
            return value;
        }
        String segment = path.segment(depth);
        boolean last = depth == path.size() - 1;
        if (node instanceof ObjectNode object) {
            Node current = object.get(segment);
            Node replacement = current == null ? created(path, depth + 1, value) : putAt(current, path, depth + 1, value);
            return object.with(segment, replacement);
        }
        if (node instanceof ArrayNode array) {
            if (last && segment.equals("-")) {
                return array.inserting(array.size(), value);
            }
            int index = Tree.arrayIndex(segment, path, depth);
            if (index < array.size()) {
                return array.with(index, putAt(array.get(index), path, depth + 1, value));
            }
            if (last && index == array.size()) {
                return array.inserting(index, value);
            }
            throw Tree.missing(path, depth);
        }
        throw notAContainer(node, path, depth);
    }

    private static Node created(JsonPath path, int from, Node value) {
        Node built = value;
        for (int depth = path.size() - 1; depth >= from; depth--) {
            built = ObjectNode.EMPTY.with(path.segment(depth), built);
        }
        return built;
    }

    private static Node deleteAt(Node node, JsonPath path, int depth) {
        String segment = path.segment(depth);
        boolean last = depth == path.size() - 1;
        if (node instanceof ObjectNode object) {
            Node current = object.get(segment);
            if (current == null) {
                throw Tree.missing(path, depth);
            }
            return last ? object.without(segment) : object.with(segment, deleteAt(current, path, depth + 1));
        }
        if (node instanceof ArrayNode array) {
            int index = Tree.arrayIndex(segment, path, depth);
            if (index >= array.size()) {
                throw Tree.missing(path, depth);
            }
            return last ? array.removing(index) : array.with(index, deleteAt(array.get(index), path, depth + 1));
        }
        throw Tree.missing(path, depth);
    }

    /** RFC 7396 section 2, over immutable nodes; {@code target} null means absent. */
    static Node merge(Node target, Node patch) {
        if (!(patch instanceof ObjectNode patchObject)) {
            return patch;
        }
        ObjectNode result = target instanceof ObjectNode object ? object : ObjectNode.EMPTY;
        for (int i = 0; i < patchObject.size(); i++) {
            String key = patchObject.key(i);
            Node value = patchObject.value(i);
            result = value instanceof NullNode ? result.without(key) : result.with(key, merge(result.get(key), value));
        }
        return result;
    }

    static Conflict notAContainer(Node node, JsonPath path, int depth) {
        return new Conflict(path.prefix(depth).pointer() + " is a " + node.typeName()
                + ", so it has no member '" + path.segment(depth) + "'");
    }
}
