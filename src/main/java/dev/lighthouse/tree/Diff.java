package dev.lighthouse.tree;

import java.util.ArrayList;
import java.util.List;

/**
 * Computes an RFC 6902 patch (add, remove, replace only) that turns one value
 * into another, exactly: applying it reproduces the target's digest, member
 * order included. Subtrees with equal digests are skipped without a look
 * inside, so the cost follows the size of the change, not of the document.
 */
public final class Diff {

    private final List<PatchOp> ops = new ArrayList<>();

    private Diff() {
    }

    public static List<PatchOp> between(Node from, Node to) {
        Diff diff = new Diff();
        diff.compare(JsonPath.ROOT, from, to);
        return diff.ops;
    }

    /** The JSON Pointers of the values that differ, one per operation. */
    public static List<String> changedPointers(List<PatchOp> ops) {
        List<String> pointers = new ArrayList<>(ops.size());
        for (PatchOp op : ops) {
            pointers.add(op.path().pointer());
        }
        return pointers;
    }

    private void compare(JsonPath path, Node from, Node to) {
        if (from.sameAs(to)) {
            return;
        }
        if (from instanceof ObjectNode a && to instanceof ObjectNode b && keepsOrder(a, b)) {
            compareObjects(path, a, b);
        } else if (from instanceof ArrayNode a && to instanceof ArrayNode b) {
            compareArrays(path, a, b);
        } else {
            ops.add(PatchOp.replace(path, to));
        }
    }

    private void compareObjects(JsonPath path, ObjectNode a, ObjectNode b) {
        for (int i = 0; i < a.size(); i++) {
            if (b.indexOf(a.key(i)) < 0) {
                ops.add(PatchOp.remove(path.child(a.key(i))));
            }
        }
        for (int i = 0; i < b.size(); i++) {
            Node before = a.get(b.key(i));
            if (before == null) {
                ops.add(PatchOp.add(path.child(b.key(i)), b.value(i)));
            } else {
                compare(path.child(b.key(i)), before, b.value(i));
            }
        }
    }

    private void compareArrays(JsonPath path, ArrayNode a, ArrayNode b) {
        int common = Math.min(a.size(), b.size());
        for (int i = 0; i < common; i++) {
            compare(path.child(Integer.toString(i)), a.get(i), b.get(i));
        }
        for (int i = a.size() - 1; i >= common; i--) {
            ops.add(PatchOp.remove(path.child(Integer.toString(i))));
        }
        for (int i = common; i < b.size(); i++) {
            ops.add(PatchOp.add(path.child(Integer.toString(i)), b.get(i)));
        }
    }

    /**
     * Member-wise patching keeps surviving members in place and appends new
     * ones, so it reproduces {@code b} only when {@code b} lists the members it
     * shares with {@code a} first, in {@code a}'s order. Otherwise the object is
     * replaced whole.
     */
    private static boolean keepsOrder(ObjectNode a, ObjectNode b) {
        int next = 0;
        boolean inNewMembers = false;
        for (int i = 0; i < b.size(); i++) {
            String key = b.key(i);
            if (a.indexOf(key) < 0) {
                inNewMembers = true;
                continue;
            }
            if (inNewMembers) {
                return false;
            }
            while (next < a.size() && b.indexOf(a.key(next)) < 0) {
                next++;
            }
            if (next >= a.size() || !a.key(next).equals(key)) {
                return false;
            }
            next++;
        }
        return true;
    }
}
