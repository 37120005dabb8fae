package dev.lighthouse.testing;

import dev.lighthouse.coord.Coordination;
import dev.lighthouse.coord.Group;
import dev.lighthouse.coord.Member;
import dev.lighthouse.coord.MemberRef;
import dev.lighthouse.coord.Session;
import java.util.ArrayList;
import java.util.List;

/**
 * A coordination state as text that two states share exactly when they are the same: every
 * session with every field and its memberships, every group with its limit, rev and members in
 * rank order (token, since, value as JSON), the counter and the term. Sorted by id and name, so
 * the order a state was built in does not show. Member values compare as JSON text because
 * values have no {@code equals} of their own.
 */
public final class CoordinationDump {

    private CoordinationDump() {
    }

    public static String of(Coordination coordination) {
        List<String> sessions = new ArrayList<>();
        for (Session session : coordination.sessions().values()) {
            List<String> refs = new ArrayList<>();
            for (MemberRef ref : coordination.membershipsOf(session.id())) {
                refs.add(ref.group().pointer() + "#" + ref.member());
            }
            sessions.add("session " + session + " in " + refs);
        }
        List<String> groups = new ArrayList<>();
        for (Group group : coordination.groups().values()) {
            StringBuilder line = new StringBuilder("group " + group.name().pointer() + " limit " + group.limit()
                    + " rev " + group.rev() + ":");
            for (Member member : group.members()) {
                line.append(" [").append(member.name()).append(" of ").append(member.session())
                        .append(" token ").append(member.token()).append(" since ").append(member.since())
                        .append(" value ").append(member.value().toJson()).append(']');
            }
            groups.add(line.toString());
        }
        sessions.sort(null);
        groups.sort(null);
        return String.join("\n", sessions) + "\n" + String.join("\n", groups) + "\ncounter "
                + coordination.counter() + " term " + coordination.term();
    }
}
