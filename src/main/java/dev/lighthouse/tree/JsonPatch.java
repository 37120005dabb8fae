package dev.lighthouse.tree;

import dev.lighthouse.error.Conflict;
import dev.lighthouse.error.InvalidInput;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6902 JSON Patch over immutable documents. A patch applies whole or not
 * at all: the caller keeps the old root when this throws. A malformed patch
 * is {@link InvalidInput} (400); one that does not fit the document, such as
 * a failed {@code test} or a missing location, is {@link Conflict} (409).
 */
public final class JsonPatch {

    private JsonPatch() {
    }

    /** Reads a patch document, resolving every pointer against {@code base}. */
    public static List<PatchOp> parse(Node patch, JsonPath base) {
        if (!(patch instanceof ArrayNode array)) {
            throw new InvalidInput("a JSON Patch is an array of operations, not " + patch.typeName());
        }
        List<PatchOp> ops = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof ObjectNode op)) {
                throw new InvalidInput("JSON Patch operation " + i + " is not an object");
            }
            ops.add(parseOp(op, i, base));
        }
        return ops;
    }

    private static PatchOp parseOp(ObjectNode op, int i, JsonPath base) {
        String name = text(op, "op", i);
        PatchOp.Kind kind;
        try {
            kind = PatchOp.Kind.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("JSON Patch operation " + i + " has unknown op '" + name + "'");
        }
        JsonPath path = base.resolve(JsonPath.fromPointer(text(op, "path", i)));
        JsonPath from = null;
        Node value = null;
        if (kind == PatchOp.Kind.MOVE || kind == PatchOp.Kind.COPY) {
            from = base.resolve(JsonPath.fromPointer(text(op, "from", i)));
        }
        if (kind == PatchOp.Kind.ADD || kind == PatchOp.Kind.REPLACE || kind == PatchOp.Kind.TEST) {
            value = op.get("value");
            if (value == null) {
                throw new InvalidInput("JSON Patch operation " + i + " (" + name + ") needs a 'value'");
            }
        }
        return new PatchOp(kind, path, from, value);
    }

    private static String text(ObjectNode op, String member, int i) {
        Node node = op.get(member);
        if (!(node instanceof StringNode string)) {
            throw new InvalidInput("JSON Patch operation " + i + " needs a string '" + member + "'");
        }
        return string.value();
    }

    /** Applies the operations in order and returns the new document. */
    public static ObjectNode apply(ObjectNode root, List<PatchOp> ops) {
        Node doc = root;
        for (PatchOp op : ops) {
            doc = applyOne(doc, op);
        }
        return Edits.asDocument(doc);
    }

    private static Node applyOne(Node doc, PatchOp op) {
        return switch (op.kind()) {
            case ADD -> add(doc, op.path(), op.value());
            case REMOVE -> remove(doc, op.path());
            case REPLACE -> {
                existing(doc, op.path());
                yield add(doc, op.path(), op.value(), true);
            }
            case MOVE -> {
                if (op.from().isPrefixOf(op.path()) && !op.from().equals(op.path())) {
                    throw new Conflict("cannot move " + op.from().pointer() + " into its own child " + op.path().pointer());
                }
                Node value = existing(doc, op.from());
                yield add(remove(doc, op.from()), op.path(), value);
            }
            case COPY -> add(doc, op.path(), existing(doc, op.from()));
            case TEST -> {
                Node actual = existing(doc, op.path());
                if (!JsonEquality.equal(actual, op.value())) {
                    throw new Conflict("test failed: the value at " + op.path().pointer() + " is not the one given");
                }
                yield doc;
            }
        };
    }

    private static Node existing(Node doc, JsonPath path) {
        Node node;
        try {
            node = Tree.find(doc, path);
        } catch (InvalidInput e) {
            node = null;
        }
        if (node == null) {
            throw new Conflict("JSON Patch refers to " + path.pointer() + ", which does not exist");
        }
        return node;
    }

    private static Node add(Node doc, JsonPath path, Node value) {
        return add(doc, path, value, false);
    }

    /** RFC 6902 add; with {@code replaceOnly} an array index replaces instead of inserting. */
    private static Node add(Node doc, JsonPath path, Node value, boolean replaceOnly) {
        if (path.isRoot()) {
            return value;
        }
        Node parent = existing(doc, path.parent());
        String last = path.last();
        Node updated;
        if (parent instanceof ObjectNode object) {
            updated = object.with(last, value);
        } else if (parent instanceof ArrayNode array) {
            int index = last.equals("-") && !replaceOnly ? array.size() : JsonPath.parseIndex(last);
            if (index < 0 || index > array.size() || (replaceOnly && index == array.size())) {
                throw new Conflict("JSON Patch index " + path.pointer() + " is outside the array");
            }
            updated = replaceOnly ? array.with(index, value) : array.inserting(index, value);
        } else {
            throw new Conflict(path.parent().pointer() + " is a " + parent.typeName() + ", not a container");
        }
        return replaceAt(doc, path.parent(), updated);
    }

    private static Node remove(Node doc, JsonPath path) {
        if (path.isRoot()) {
            throw new Conflict("JSON Patch cannot remove the document root");
        }
        existing(doc, path);
        Node parent = Tree.find(doc, path.parent());
        Node updated = parent instanceof ObjectNode object
                ? object.without(path.last())
                : ((ArrayNode) parent).removing(JsonPath.parseIndex(path.last()));
        return replaceAt(doc, path.parent(), updated);
    }

    /** Rebuilds the containers from the root down to {@code path}, which exists. */
    private static Node replaceAt(Node doc, JsonPath path, Node value) {
        if (path.isRoot()) {
            return value;
        }
        Node parent = Tree.find(doc, path.parent());
        Node updated = parent instanceof ObjectNode object
                ? object.with(path.last(), value)
                : ((ArrayNode) parent).with(JsonPath.parseIndex(path.last()), value);
        return replaceAt(doc, path.parent(), updated);
    }
}
