package dev.lighthouse.tree;

import java.util.ArrayList;
import java.util.List;

/**
 * Builders reused per nesting level for the whole of one parse: a large document has hundreds of
 * thousands of containers, and fresh growing builders for each were a large share of the garbage
 * a 64 MiB load made. One per parse, on one thread.
 */
final class BuildersByDepth {

    private final List<ObjectNode.Builder> objects = new ArrayList<>();
    private final List<ArrayNode.Builder> arrays = new ArrayList<>();

    ObjectNode.Builder object(int depth) {
        while (objects.size() <= depth) {
            objects.add(new ObjectNode.Builder());
        }
        return objects.get(depth);
    }

    ArrayNode.Builder array(int depth) {
        while (arrays.size() <= depth) {
            arrays.add(new ArrayNode.Builder());
        }
        return arrays.get(depth);
    }
}
