package dev.lighthouse.coord;

import dev.lighthouse.error.Conflict;
import dev.lighthouse.error.Forbidden;
import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.error.LimitExceeded;
import dev.lighthouse.error.NotFound;
import dev.lighthouse.error.PreconditionFailed;
import dev.lighthouse.error.ProblemType;
import dev.lighthouse.error.RequestRefused;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.Node;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * All sessions and groups, as one immutable value: what the applier's coordination commands
 * change. Each operation returns the next value (this one when nothing changes, so a caller
 * can tell by identity) or throws the refusal, leaving this one as it was.
 *
 * <p>{@code counter} is the one cluster-wide counter that only grows: every group change and
 * every new holder takes the next value (see {@link Group}). {@code term} is the highest leader
 * term recorded; an expiry decided in an older one is dropped.
 */
public final class Coordination {

    public static final Coordination EMPTY = new Coordination(PersistentMap.empty(), PersistentMap.empty(),
            Memberships.EMPTY, 0, 0);

    /** A session ended (deleted or expired), and each group that lost a member by it, as it is now. */
    public record SessionEnd(Coordination after, Session session, List<Group> groups) {
    }

    /** A member joined, was updated or left {@code group} (as it is now; empty once the last one left). */
    public record GroupChange(Coordination after, Group group, Member member) {
    }

    private final PersistentMap<String, Session> sessions;
    private final PersistentMap<JsonPath, Group> groups;
    private final Memberships memberships;
    private final long counter;
    private final long term;

    private Coordination(PersistentMap<String, Session> sessions, PersistentMap<JsonPath, Group> groups,
                         Memberships memberships, long counter, long term) {
        this.sessions = sessions;
        this.groups = groups;
        this.memberships = memberships;
        this.counter = counter;
        this.term = term;
    }

    /**
     * The state a snapshot recorded: its sessions, its groups (each {@link Group#restored}), the
     * counter and the term. The memberships index is derived from the groups.
     *
     * @throws IllegalArgumentException for a session or group listed twice, a member whose session
     *                                  is not among the sessions, or a token or rev past the counter
     */
    public static Coordination restored(Collection<Session> sessions, Collection<Group> groups, long counter,
                                        long term) {
        PersistentMap<String, Session> sessionMap = PersistentMap.empty();
        for (Session session : sessions) {
            if (sessionMap.containsKey(session.id())) {
                throw new IllegalArgumentException("session " + session.id() + " is listed twice");
            }
            sessionMap = sessionMap.with(session.id(), session);
        }
        PersistentMap<JsonPath, Group> groupMap = PersistentMap.empty();
        for (Group group : groups) {
            if (groupMap.containsKey(group.name())) {
                throw new IllegalArgumentException("group " + group.name() + " is listed twice");
            }
            if (group.rev() > counter) {
                throw new IllegalArgumentException("group " + group.name() + " has rev " + group.rev()
                        + ", past the counter " + counter + ": later tokens would repeat");
            }
            for (Member member : group.members()) {
                if (member.token() > counter) {
                    throw new IllegalArgumentException("member '" + member.name() + "' of group " + group.name()
                            + " holds token " + member.token() + ", past the counter " + counter);
                }
                if (!sessionMap.containsKey(member.session())) {
                    throw new IllegalArgumentException("member '" + member.name() + "' of group " + group.name()
                            + " belongs to session " + member.session() + ", which is not listed");
                }
            }
            groupMap = groupMap.with(group.name(), group);
        }
        return new Coordination(sessionMap, groupMap, Memberships.of(groups), counter, term);
    }

    public PersistentMap<String, Session> sessions() {
        return sessions;
    }

    /** @return the session, or null when there is none (never opened, or ended) */
    public Session session(String id) {
        return sessions.get(id);
    }

    /** Every group someone is in; a group nobody is in is not kept. */
    public PersistentMap<JsonPath, Group> groups() {
        return groups;
    }

    /** @return the group, or the {@linkplain Group#empty empty} one when nobody is in it */
    public Group group(JsonPath name) {
        Group group = groups.get(name);
        return group == null ? Group.empty(name) : group;
    }

    /** The session's memberships, in {@link MemberRef} order. */
    public List<MemberRef> membershipsOf(String session) {
        return memberships.of(session);
    }

    public long counter() {
        return counter;
    }

    public long term() {
        return term;
    }

    /**
     * @throws Conflict      when a session with its id exists
     * @throws LimitExceeded when the cluster holds {@code maxSessions} already
     */
    public Coordination opened(Session session, int maxSessions) {
        if (sessions.containsKey(session.id())) {
            throw new Conflict("a session with id " + session.id() + " exists");
        }
        if (sessions.size() >= maxSessions) {
            throw new LimitExceeded("the cluster holds " + sessions.size() + " sessions, the most it may;"
                    + " end some or raise limits.maxSessions", maxSessions);
        }
        return new Coordination(sessions.with(session.id(), session), groups, memberships, counter, term);
    }

    /**
     * The session deleted by its client, with all its memberships in the same step.
     *
     * @throws NotFound  when there is no such session
     * @throws Forbidden when it belongs to another access token
     */
    public SessionEnd ended(String id, String by) {
        return end(sessionOf(id, by));
    }

    /**
     * The session expired by the leader of {@code leaderTerm}, or null when that decision no
     * longer stands: the session has ended already, or a newer leader has taken over since (its
     * own clock decides now).
     */
    public SessionEnd expired(String id, long leaderTerm) {
        Session session = sessions.get(id);
        return session == null || leaderTerm < term ? null : end(session);
    }

    /** One change per group the session was in, however many of its members that group had. */
    private SessionEnd end(Session session) {
        List<MemberRef> refs = membershipsOf(session.id());
        Coordination next = new Coordination(sessions.without(session.id()), groups,
                memberships.withoutSession(session.id()), counter, term);
        List<Group> changed = new ArrayList<>();
        for (int from = 0; from < refs.size(); ) {
            JsonPath group = refs.get(from).group();
            Set<String> leaving = new HashSet<>();
            for (; from < refs.size() && refs.get(from).group().equals(group); from++) {
                leaving.add(refs.get(from).member());
            }
            GroupChange left = next.changed(next.groups.get(group).without(leaving, next.counter), null,
                    next.memberships);
            next = left.after();
            changed.add(left.group());
        }
        return new SessionEnd(next, session, List.copyOf(changed));
    }

    /** The higher of the recorded term and {@code leaderTerm}. */
    public Coordination withTerm(long leaderTerm) {
        return leaderTerm <= term ? this : new Coordination(sessions, groups, memberships, counter, leaderTerm);
    }

    /** Each known session's remaining ttl as the leader recorded it; unknown ids are ignored. */
    public Coordination checkpointed(Map<String, Duration> remaining) {
        PersistentMap<String, Session> next = sessions;
        for (Map.Entry<String, Duration> entry : remaining.entrySet()) {
            Session session = next.get(entry.getKey());
            if (session != null) {
                next = next.with(session.id(), session.checkpointed(entry.getValue()));
            }
        }
        return next == sessions ? this : new Coordination(next, groups, memberships, counter, term);
    }

    /**
     * {@code member} of {@code group} joined by {@code session}, or, when that session has it
     * already, its value updated in place (rank and token kept; no change at all when the value
     * is the same, so a retry after an unknown outcome is harmless).
     *
     * @param limit the group's limit as the joiner names it, 0 when it names none
     * @throws InvalidInput    for a bad group or member name or a negative limit
     * @throws RequestRefused  413, when the value is larger than the limit allows
     * @throws NotFound        when the session does not exist (it ended, or never was)
     * @throws Forbidden       when it belongs to another access token
     * @throws Conflict        when another session has the member, or the group has another limit
     * @throws LimitExceeded   when the group has as many members as it may
     */
    public GroupChange joined(JsonPath group, String member, String session, Node value, int limit, String by,
                              Instant now, CoordinationLimits limits) {
        Names.checkGroup(group);
        Names.checkMember(member);
        if (limit < 0) {
            throw new InvalidInput("a group's limit is 0 (everyone holds) or more, not " + limit);
        }
        int valueBytes = value.jsonBytes().length - 1;
        if (valueBytes > limits.maxMemberValueBytes()) {
            throw new RequestRefused(ProblemType.PAYLOAD_TOO_LARGE, "a member's value may take "
                    + limits.maxMemberValueBytes() + " bytes as compact JSON; this one takes " + valueBytes);
        }
        sessionOf(session, by);
        Group current = group(group);
        Member existing = current.member(member);
        if (existing != null && !existing.session().equals(session)) {
            throw new Conflict("member '" + member + "' of group '" + Names.text(group)
                    + "' belongs to another session");
        }
        if (!current.isEmpty() && limit != 0 && limit != current.limit()) {
            throw new Conflict("group '" + Names.text(group) + "' has limit " + current.limit()
                    + " until it is empty again; this join names " + limit);
        }
        if (existing != null) {
            return existing.value().sameAs(value) ? new GroupChange(this, current, existing)
                    : changed(current.revalued(member, value, counter), member, memberships);
        }
        if (current.members().size() >= limits.maxGroupMembers()) {
            throw new LimitExceeded("group '" + Names.text(group) + "' has " + current.members().size()
                    + " members, the most a group may; raise limits.maxGroupMembers", limits.maxGroupMembers());
        }
        Group.Changed joined = current.joined(new Member(member, session, value, 0, now), limit, counter);
        return changed(joined, member, memberships.with(session, new MemberRef(group, member)));
    }

    /**
     * {@code member} of {@code group} left. Leaving a group one is not in changes nothing, so a
     * repeated DELETE is harmless.
     *
     * @throws NotFound  when the member is there but {@code session} does not exist
     * @throws Forbidden when the session belongs to another access token
     * @throws Conflict  when the member belongs to another session
     */
    public GroupChange left(JsonPath group, String member, String session, String by) {
        Names.checkGroup(group);
        Names.checkMember(member);
        Member existing = group(group).member(member);
        if (existing == null) {
            return new GroupChange(this, group(group), null);
        }
        if (!existing.session().equals(session)) {
            throw new Conflict("member '" + member + "' of group '" + Names.text(group)
                    + "' belongs to another session");
        }
        sessionOf(session, by);
        GroupChange change = changed(groups.get(group).without(Set.of(member), counter), member,
                memberships.without(session, new MemberRef(group, member)));
        return new GroupChange(change.after(), change.group(), existing);
    }

    /** @param member the member to report as it is after the change (null when it has gone) */
    private GroupChange changed(Group.Changed change, String member, Memberships refs) {
        Group group = change.group();
        PersistentMap<JsonPath, Group> nextGroups = group.isEmpty()
                ? groups.without(group.name())
                : groups.with(group.name(), group);
        Coordination next = new Coordination(sessions, nextGroups, refs, change.counter(), term);
        return new GroupChange(next, next.group(group.name()), member == null ? null : group.member(member));
    }

    private Session sessionOf(String id, String by) {
        Session session = sessions.get(id);
        if (session == null) {
            throw new NotFound("no session " + id + "; it has ended or never was", null);
        }
        session.checkOwner(by);
        return session;
    }

    /**
     * Passes when {@code fence} is null or its member holds with exactly its token.
     *
     * @throws PreconditionFailed otherwise
     */
    public void checkFence(Fence fence) {
        if (fence == null) {
            return;
        }
        Member member = group(fence.group()).member(fence.member());
        if (member == null) {
            throw new PreconditionFailed("fence " + fence + ": no such member");
        }
        if (!member.holder()) {
            throw new PreconditionFailed("fence " + fence + ": the member is waiting, not holding");
        }
        if (member.token() != fence.token()) {
            throw new PreconditionFailed("fence " + fence + ": the member holds with token " + member.token());
        }
    }
}
