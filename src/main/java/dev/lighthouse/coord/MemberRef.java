package dev.lighthouse.coord;

import dev.lighthouse.tree.JsonPath;
import java.util.Comparator;

/**
 * Where one of a session's members is. A session's memberships are kept in this order, which
 * depends on the names alone, so ending a session promotes waiting members in the same order
 * on every replica, however each one came by its state.
 */
public record MemberRef(JsonPath group, String member) implements Comparable<MemberRef> {

    private static final Comparator<MemberRef> ORDER = Comparator
            .comparing(MemberRef::group, MemberRef::compareGroups)
            .thenComparing(MemberRef::member);

    @Override
    public int compareTo(MemberRef other) {
        return ORDER.compare(this, other);
    }

    private static int compareGroups(JsonPath a, JsonPath b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int bySegment = a.segment(i).compareTo(b.segment(i));
            if (bySegment != 0) {
                return bySegment;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
