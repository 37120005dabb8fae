package dev.lighthouse.coord;

import dev.lighthouse.tree.Node;
import java.time.Instant;

/**
 * One member of a {@link Group}, owned by one session. Its rank is its place in the group, not
 * a field: a member's rank changes whenever one ahead of it leaves.
 *
 * @param token the fencing token: the cluster-wide counter when it became a holder, 0 while it
 *              waits; a holder's token never changes while it holds
 * @param since when it joined; joining again keeps it
 */
public record Member(String name, String session, Node value, long token, Instant since) {

    public boolean holder() {
        return token != 0;
    }

    Member withValue(Node next) {
        return new Member(name, session, next, token, since);
    }

    Member holding(long newToken) {
        return new Member(name, session, value, newToken, since);
    }
}
