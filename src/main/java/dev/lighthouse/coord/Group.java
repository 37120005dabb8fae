package dev.lighthouse.coord;

import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.Node;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An ordered group: members in join order, rank = place + 1. With {@code limit} N > 0 the first
 * N hold and the rest wait in order (a semaphore; a mutex and its leader with N = 1); with 0
 * every member holds. A member holds exactly when its token is not 0. Members only ever move
 * up and the limit is fixed while anyone is in the group, so the holders are always a prefix of
 * the members and no holder is ever demoted.
 *
 * <p>A member is found by name in a {@link PersistentMap}; a change copies the member array once
 * (at most {@link CoordinationLimits#maxGroupMembers} references, one {@code arraycopy}) and
 * looks only at the members it moves into a holding place.
 */
public final class Group {

    private final JsonPath name;
    private final int limit;
    private final long rev;
    /** Never modified once the group is built: every change makes a new array. */
    private final List<Member> members;
    private final PersistentMap<String, Member> byName;

    private Group(JsonPath name, int limit, long rev, Member[] members, PersistentMap<String, Member> byName) {
        this.name = name;
        this.limit = limit;
        this.rev = rev;
        this.members = Collections.unmodifiableList(Arrays.asList(members));
        this.byName = byName;
    }

    /** The group nobody is in: no limit, no revision. */
    public static Group empty(JsonPath name) {
        return new Group(name, 0, 0, new Member[0], PersistentMap.empty());
    }

    /**
     * A group as a snapshot recorded it: members in rank order, each with the token it holds
     * with (0 while waiting). Only a state some sequence of changes could reach is accepted,
     * since every later change relies on it (names unique, holders a prefix, nobody kept empty).
     *
     * @throws IllegalArgumentException otherwise
     */
    public static Group restored(JsonPath name, int limit, long rev, List<Member> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("group " + name + " has no members; an empty group is not kept");
        }
        PersistentMap<String, Member> byName = PersistentMap.empty();
        boolean waiting = false;
        for (Member member : members) {
            if (byName.containsKey(member.name())) {
                throw new IllegalArgumentException("group " + name + " lists member '" + member.name() + "' twice");
            }
            if (member.holder() && waiting) {
                throw new IllegalArgumentException("group " + name + " has holder '" + member.name()
                        + "' behind a waiting member");
            }
            waiting |= !member.holder();
            byName = byName.with(member.name(), member);
        }
        return new Group(name, limit, rev, members.toArray(new Member[0]), byName);
    }

    public JsonPath name() {
        return name;
    }

    /** The number of members that hold, 0 for all of them; fixed by the first member while the group is not empty. */
    public int limit() {
        return limit;
    }

    /** The counter at the group's last change; 0 for a group nobody is in. */
    public long rev() {
        return rev;
    }

    /** The members in rank order. */
    public List<Member> members() {
        return members;
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    /** @return the member named {@code member}, or null */
    public Member member(String member) {
        return byName.get(member);
    }

    /** @return the member's rank, counting from 1, or 0 when it is not in the group */
    public int rank(String member) {
        return indexOf(byName.get(member)) + 1;
    }

    private int indexOf(Member member) {
        for (int i = 0; member != null && i < members.size(); i++) {
            if (members.get(i) == member) {
                return i;
            }
        }
        return -1;
    }

    /** A group after one change, and the cluster-wide counter after it. */
    record Changed(Group group, long counter) {
    }

    /** The group, first taking {@code newLimit} when it is empty, with {@code member} joined last. */
    Changed joined(Member member, int newLimit, long counter) {
        Member[] next = members.toArray(new Member[members.size() + 1]);
        next[members.size()] = member;
        return settled(isEmpty() ? newLimit : limit, next, byName.with(member.name(), member), counter);
    }

    /** The group with {@code member}'s value replaced; rank and token stay. */
    Changed revalued(String member, Node value, long counter) {
        Member[] next = members.toArray(new Member[0]);
        int at = indexOf(byName.get(member));
        next[at] = next[at].withValue(value);
        return settled(limit, next, byName.with(member, next[at]), counter);
    }

    /** The group without the members named; those waiting first move up into the places they freed. */
    Changed without(Set<String> leaving, long counter) {
        Member[] next = new Member[members.size()];
        int kept = 0;
        PersistentMap<String, Member> nextByName = byName;
        for (Member member : members) {
            if (leaving.contains(member.name())) {
                nextByName = nextByName.without(member.name());
            } else {
                next[kept++] = member;
            }
        }
        return settled(limit, Arrays.copyOf(next, kept), nextByName, counter);
    }

    /**
     * Gives every member that has just come into a holding place its token, in rank order, one
     * counter increment each (so a later holder always has a larger token), then stamps the
     * change with the next increment: a group's {@code rev} is never below a token it holds.
     * Holders being a prefix, the new ones are the waiting members at the end of the holding places.
     */
    private Changed settled(int nextLimit, Member[] next, PersistentMap<String, Member> nextByName, long counter) {
        int holding = nextLimit == 0 ? next.length : Math.min(nextLimit, next.length);
        int firstNew = holding;
        while (firstNew > 0 && !next[firstNew - 1].holder()) {
            firstNew--;
        }
        long at = counter;
        for (int i = firstNew; i < holding; i++) {
            next[i] = next[i].holding(++at);
            nextByName = nextByName.with(next[i].name(), next[i]);
        }
        return new Changed(new Group(name, nextLimit, ++at, next, nextByName), at);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Group other && name.equals(other.name) && limit == other.limit && rev == other.rev
                && members.equals(other.members);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, limit, rev, members);
    }

    @Override
    public String toString() {
        return "Group[" + name + ", limit " + limit + ", rev " + rev + ", " + members + "]";
    }
}
