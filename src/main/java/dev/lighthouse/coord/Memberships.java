package dev.lighthouse.coord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which members each session has, in {@link MemberRef} order: an index derived from the groups,
 * kept so that ending a session costs its own memberships rather than a scan of every group.
 * Immutable; a change copies one session's list (two {@code arraycopy}s) and one map path.
 */
final class Memberships {

    static final Memberships EMPTY = new Memberships(PersistentMap.empty());

    private final PersistentMap<String, List<MemberRef>> bySession;

    private Memberships(PersistentMap<String, List<MemberRef>> bySession) {
        this.bySession = bySession;
    }

    /** Derived from the groups as a whole (a restored state): each session's list built and sorted once. */
    static Memberships of(Iterable<Group> groups) {
        Map<String, List<MemberRef>> lists = new HashMap<>();
        for (Group group : groups) {
            for (Member member : group.members()) {
                lists.computeIfAbsent(member.session(), session -> new ArrayList<>())
                        .add(new MemberRef(group.name(), member.name()));
            }
        }
        PersistentMap<String, List<MemberRef>> bySession = PersistentMap.empty();
        for (Map.Entry<String, List<MemberRef>> entry : lists.entrySet()) {
            MemberRef[] refs = entry.getValue().toArray(new MemberRef[0]);
            Arrays.sort(refs);
            bySession = bySession.with(entry.getKey(), Collections.unmodifiableList(Arrays.asList(refs)));
        }
        return new Memberships(bySession);
    }

    List<MemberRef> of(String session) {
        List<MemberRef> refs = bySession.get(session);
        return refs == null ? List.of() : refs;
    }

    /** With {@code ref}, which the session lacks. */
    Memberships with(String session, MemberRef ref) {
        MemberRef[] old = of(session).toArray(new MemberRef[0]);
        int at = -Arrays.binarySearch(old, ref) - 1;
        MemberRef[] next = new MemberRef[old.length + 1];
        System.arraycopy(old, 0, next, 0, at);
        next[at] = ref;
        System.arraycopy(old, at, next, at + 1, old.length - at);
        return new Memberships(bySession.with(session, Collections.unmodifiableList(Arrays.asList(next))));
    }

    /** Without {@code ref}, which the session has. */
    Memberships without(String session, MemberRef ref) {
        MemberRef[] old = of(session).toArray(new MemberRef[0]);
        if (old.length == 1) {
            return withoutSession(session);
        }
        int at = Arrays.binarySearch(old, ref);
        MemberRef[] next = new MemberRef[old.length - 1];
        System.arraycopy(old, 0, next, 0, at);
        System.arraycopy(old, at + 1, next, at, old.length - at - 1);
        return new Memberships(bySession.with(session, Collections.unmodifiableList(Arrays.asList(next))));
    }

    Memberships withoutSession(String session) {
        PersistentMap<String, List<MemberRef>> next = bySession.without(session);
        return next == bySession ? this : new Memberships(next);
    }
}
