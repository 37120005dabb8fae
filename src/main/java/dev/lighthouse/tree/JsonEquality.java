package dev.lighthouse.tree;

/**
 * Equality as RFC 6902's {@code test} defines it: numbers by value, objects
 * by their members regardless of order. (Digest equality, used everywhere
 * else, also counts member order and number spelling.)
 */
public final class JsonEquality {

    private JsonEquality() {
    }

    public static boolean equal(Node a, Node b) {
        if (a.sameAs(b)) {
            return true;
        }
        if (a instanceof NumberNode x && b instanceof NumberNode y) {
            return x.numericallyEquals(y);
        }
        if (a instanceof ArrayNode x && b instanceof ArrayNode y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof ObjectNode x && b instanceof ObjectNode y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                Node other = y.get(x.key(i));
                if (other == null || !equal(x.value(i), other)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}
