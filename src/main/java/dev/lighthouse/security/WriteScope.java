package dev.lighthouse.security;

import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.Node;
import dev.lighthouse.tree.ObjectNode;

/**
 * Whether a change from one document to another stays where a principal may write. Only the
 * parts that differ are visited, so a token granted {@code /app/db} may commit a document whose
 * {@code /app} object it extended by {@code db} (a new parent created on the way) but not one
 * that also touched {@code /app/web}.
 */
public final class WriteScope {

    private WriteScope() {
    }

    /** @throws dev.lighthouse.error.Forbidden (or Unauthorized) naming the first path it may not write */
    public static void require(Principal principal, JsonPath at, Node before, Node after) {
        if (before != null && after != null && before.sameAs(after)) {
            return;
        }
        if (principal.mayWrite(at)) {
            return;
        }
        boolean objects = (before == null || before instanceof ObjectNode) && (after == null || after instanceof ObjectNode);
        if (!objects || !principal.writesBelow(at)) {
            principal.requireWrite(at);
            return;
        }
        ObjectNode was = (ObjectNode) before;
        ObjectNode is = (ObjectNode) after;
        if (was != null) {
            for (int i = 0; i < was.size(); i++) {
                String key = was.key(i);
                require(principal, at.child(key), was.value(i), is == null ? null : is.get(key));
            }
        }
        if (is != null) {
            for (int i = 0; i < is.size(); i++) {
                String key = is.key(i);
                if (was == null || was.get(key) == null) {
                    require(principal, at.child(key), null, is.value(i));
                }
            }
        }
    }
}
