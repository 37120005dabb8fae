package dev.lighthouse.http;

import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.tree.ArrayNode;
import dev.lighthouse.tree.Node;
import dev.lighthouse.tree.NumberNode;
import dev.lighthouse.tree.ObjectNode;
import dev.lighthouse.tree.StringNode;

/**
 * {@code ?outline=true}: a value one level deep, for browsing a large document a level at a time.
 * A container answers with its type, its size and a page of its children, each a scalar with its
 * value or a container with only its type and size; a scalar answers with its type and value.
 * The shape is its own, never a truncated copy of the value, so no document can be mistaken for
 * an outline. Other query parameters are left to {@link ReadOptions}.
 *
 * @param offset the first child listed
 * @param limit  how many children at most
 */
record Outline(int offset, int limit) {

    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;

    /** The outline the query asks for, or null when it asks for the value itself. */
    static Outline parse(String query) {
        // A long poll's query names none of these, and every long poll comes through here.
        if (query == null || !(query.contains("outline") || query.contains("offset=") || query.contains("limit="))) {
            return null;
        }
        boolean outline = false;
        Integer offset = null;
        Integer limit = null;
        for (String option : query.split("&")) {
            if (option.equals("outline=true") || option.equals("outline")) {
                outline = true;
            } else if (option.startsWith("outline=") && !option.equals("outline=false")) {
                throw new InvalidInput("outline must be true or false, not '" + option.substring(8) + "'");
            } else if (option.startsWith("offset=")) {
                offset = number(option.substring(7), "offset", Integer.MAX_VALUE);
            } else if (option.startsWith("limit=")) {
                limit = number(option.substring(6), "limit", MAX_LIMIT);
            }
        }
        if (!outline) {
            if (offset != null || limit != null) {
                throw new InvalidInput("offset and limit page an outline; give outline=true too");
            }
            return null;
        }
        if (limit != null && limit == 0) {
            throw new InvalidInput("limit must be from 1 to " + MAX_LIMIT);
        }
        return new Outline(offset == null ? 0 : offset, limit == null ? DEFAULT_LIMIT : limit);
    }

    private static int number(String text, String what, int max) {
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')
                || Long.parseLong(text) > max) {
            throw new InvalidInput(what + " must be a whole number from 0 to " + max + ", not '" + text + "'");
        }
        return Integer.parseInt(text);
    }

    /** The outline of {@code node}. */
    ObjectNode of(Node node) {
        if (node instanceof ObjectNode object) {
            ArrayNode.Builder children = new ArrayNode.Builder();
            for (int i = offset; i < object.size() && i - offset < limit; i++) {
                children.add(child(ObjectNode.EMPTY.with("key", StringNode.of(object.key(i))), object.value(i)));
            }
            return page(node, object.size(), children.build());
        }
        if (node instanceof ArrayNode array) {
            ArrayNode.Builder children = new ArrayNode.Builder();
            for (int i = offset; i < array.size() && i - offset < limit; i++) {
                children.add(child(ObjectNode.EMPTY.with("index", NumberNode.of(i)), array.get(i)));
            }
            return page(node, array.size(), children.build());
        }
        return child(ObjectNode.EMPTY, node);
    }

    /**
     * The outline's entity tag: the value's own digest (so it changes exactly when the value does),
     * marked with the page, so a cache can never answer an outline with the value or another page.
     */
    String etag(Node node) {
        String value = node.digest().etag();
        return value.substring(0, value.length() - 1) + "-o" + offset + "-" + limit + '"';
    }

    private ObjectNode page(Node node, int size, ArrayNode children) {
        return ObjectNode.EMPTY.with("type", StringNode.of(node.typeName()))
                .with("size", NumberNode.of(size))
                .with("offset", NumberNode.of(offset))
                .with("children", children);
    }

    /** {@code node} as one entry of an outline: {@code head} (its key or index), its type, then its size or value. */
    private static ObjectNode child(ObjectNode head, Node node) {
        ObjectNode entry = head.with("type", StringNode.of(node.typeName()));
        if (node instanceof ObjectNode object) {
            return entry.with("size", NumberNode.of(object.size()));
        }
        if (node instanceof ArrayNode array) {
            return entry.with("size", NumberNode.of(array.size()));
        }
        return entry.with("value", node);
    }
}
