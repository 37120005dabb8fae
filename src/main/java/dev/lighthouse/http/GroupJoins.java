package dev.lighthouse.http;

import dev.lighthouse.apply.Outcome;
import dev.lighthouse.apply.StateView;
import dev.lighthouse.apply.Updates;
import dev.lighthouse.config.Durations;
import dev.lighthouse.config.Limits;
import dev.lighthouse.coord.Group;
import dev.lighthouse.coord.Member;
import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.error.NotFound;
import dev.lighthouse.error.ProblemType;
import dev.lighthouse.error.RequestRefused;
import dev.lighthouse.security.Principal;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.Node;
import dev.lighthouse.tree.NullNode;
import dev.lighthouse.tree.NumberNode;
import dev.lighthouse.tree.ObjectNode;
import dev.lighthouse.watch.GroupWatches;
import java.time.Duration;
import java.util.Set;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code PUT /groups/{g}/members/{m}} {@code {"session","value","limit","wait"}}: join, or update
 * one's own value. The join itself is one command through the log; with {@code wait}, the reply
 * then waits (without a thread) until the member holds or the wait lapses, woken only by
 * changes of this group.
 */
final class GroupJoins {

    private static final Set<String> MEMBERS = Set.of("session", "value", "limit", "wait");

    private final Updates updates;
    private final StateView view;
    private final Bodies bodies;
    private final GroupWatches watches;
    private final Limits limits;
    private final LateCancels timeouts = new LateCancels();

    GroupJoins(Updates updates, StateView view, Bodies bodies, GroupWatches watches, Limits limits) {
        this.updates = updates;
        this.view = view;
        this.bodies = bodies;
        this.watches = watches;
        this.limits = limits;
    }

    void join(Request request, Response response, Callback callback, GroupTarget target, Principal caller) {
        caller.requireWrite(target.group());
        ObjectNode body = bodies.readObject(Content.Source.asInputStream(request), request.getLength(), MEMBERS,
                "a join");
        String session = Names.sessionId(Bodies.optionalString(body, "session"), "'session'");
        Node value = body.get("value") == null ? NullNode.INSTANCE : body.get("value");
        // Checked here too, so an oversized value is refused before it takes room in the log.
        int valueBytes = value.jsonBytes().length - 1;
        if (valueBytes > limits.maxMemberValueBytes()) {
            throw new RequestRefused(ProblemType.PAYLOAD_TOO_LARGE, "a member's value may take "
                    + limits.maxMemberValueBytes() + " bytes as compact JSON; this one takes " + valueBytes);
        }
        int limit = limit(body.get("limit"));
        String waitText = Bodies.optionalString(body, "wait");
        Duration wait = waitText == null ? Duration.ZERO : Durations.parse(waitText, limits.maxWait(), "'wait'");

        Outcome.Joined joined = updates.joinGroup(target.group(), target.member(), session, value, limit,
                caller.name());
        if (wait.isZero() || joined.member().holder()) {
            JettyReplies.json(request, response, callback, GroupJson.membership(joined.group(), joined.member()));
            return;
        }
        HolderWait waiting = new HolderWait(request, response, callback, target, session, joined.group().rev());
        waiting.park(wait);
        GroupWatches.Subscription subscription = watches.subscribe(target.group(), null, false, null,
                waiting::changed);
        waiting.follow(subscription);
        waiting.changed(subscription.first());
    }

    /** A limit is a whole number, 0 (everyone holds, the default) or more. */
    private static int limit(Node limit) {
        if (limit == null) {
            return 0;
        }
        if (!(limit instanceof NumberNode number) || !number.text().matches("-?\\d{1,10}")) {
            throw new InvalidInput("'limit' must be a whole number, 0 (every member holds) or more, not " + limit);
        }
        long n = Long.parseLong(number.text());
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw new InvalidInput("'limit' must be 0 (every member holds) or more, at most " + Integer.MAX_VALUE
                    + ", not " + n);
        }
        return (int) n;
    }

    /** A join waiting for its member to hold. */
    private final class HolderWait extends ParkedReply {
        private final GroupTarget target;
        private final String session;
        /** The coordination counter when the join applied: older states do not know of it yet. */
        private final long joinedAt;

        HolderWait(Request request, Response response, Callback callback, GroupTarget target, String session,
                   long joinedAt) {
            super(request, response, callback, timeouts);
            this.target = target;
            this.session = session;
            this.joinedAt = joinedAt;
        }

        void changed(GroupWatches.GroupState state) {
            if (state.counter() < joinedAt) {
                return;
            }
            Member member = ours(state.group());
            if (member == null) {
                if (claim()) {
                    gone();
                }
            } else if (member.holder() && claim()) {
                send(GroupJson.membership(state.group(), member));
            }
        }

        @Override
        void timedOut() {
            Group group = view.state().coordination().group(target.group());
            Member member = ours(group);
            if (member == null) {
                gone();
            } else {
                send(GroupJson.membership(group, member)); // holder:false, unless it came to hold just now
            }
        }

        /** The member, while the session that joined still has it. */
        private Member ours(Group group) {
            Member member = group.member(target.member());
            return member != null && member.session().equals(session) ? member : null;
        }

        private void gone() {
            JettyReplies.problem(response, callback, new NotFound("member '" + target.member() + "' left group '"
                    + GroupTarget.text(target.group()) + "' while it waited to hold (its session ended, or it left)",
                    null));
        }
    }
}
