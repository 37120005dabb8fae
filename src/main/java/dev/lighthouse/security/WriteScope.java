package dev.lighthouse.security;

import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.Node;
import dev.lighthouse.tree.ObjectNode;
import dev.lighthouse.tree.PatchOp;
import java.util.List;

/**
 * Whether a change from one document to another stays where a principal may write. Only the
 * parts that differ are visited, so a token granted {@code /app/db} may commit a document whose
 * {@code /app} object it extended by {@code db} (a new parent created on the way) but not one
 * that also touched {@code /app/web}. Commits and {@code PATCH /data} are checked this way.
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

    /**
     * Whether {@code principal} could write anything at or below {@code at}: checked before a
     * write's body is read, so a caller with no grant there is refused as early as before.
     *
     * @throws dev.lighthouse.error.Forbidden (or Unauthorized) naming {@code at}
     */
    public static void requireSomeWriteWithin(Principal principal, JsonPath at) {
        if (!principal.mayWrite(at) && !principal.writesBelow(at)) {
            principal.requireWrite(at);
        }
    }

    /**
     * A JSON Patch's {@code copy} and {@code move} sources count as touched, whether or not the
     * patch changes them: a token may not copy out of a subtree it could not write.
     *
     * @throws dev.lighthouse.error.Forbidden (or Unauthorized) naming the first source it may not write
     */
    public static void requireSources(Principal principal, List<PatchOp> ops) {
        for (PatchOp op : ops) {
            if (op.from() != null) {
                principal.requireWrite(op.from());
            }
        }
    }
}
