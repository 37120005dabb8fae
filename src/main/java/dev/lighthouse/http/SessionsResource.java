package dev.lighthouse.http;

import dev.lighthouse.apply.SessionLeases;
import dev.lighthouse.apply.StateView;
import dev.lighthouse.apply.Updates;
import dev.lighthouse.cluster.Cluster;
import dev.lighthouse.coord.Session;
import dev.lighthouse.error.Forbidden;
import dev.lighthouse.error.NotFound;
import dev.lighthouse.security.Principal;
import dev.lighthouse.tree.ArrayNode;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.ObjectNode;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.jetty.server.Request;

/**
 * {@code /sessions}: show, list and end sessions (opening is {@link SessionOpens}'s, renewing
 * {@link SessionRenewals}'s). Ending is a command through the log; no read is. A session belongs to the access token that
 * opened it: only that token may renew or end it, or join with it; a token with read on
 * {@code /} may see every session (operators), any other only its own.
 */
@Path("/sessions")
public final class SessionsResource {

    private final Updates updates;
    private final StateView view;
    private final Cluster cluster;
    private final SessionLeases leases;

    /** @param leases the leader's session clock, for the expiry shown; or null while it is not wired */
    SessionsResource(Updates updates, StateView view, Cluster cluster, SessionLeases leases) {
        this.updates = updates;
        this.view = view;
        this.cluster = cluster;
        this.leases = leases;
    }

    /** A bare array, oldest first, of the sessions the caller may see. */
    @GET
    public Response list(@Context Request http) {
        Principal caller = Callers.of(http);
        caller.requireToken();
        DataHandler.checkServing(cluster);
        List<Session> visible = new ArrayList<>();
        view.state().coordination().sessions().forEach((id, session) -> {
            if (maySee(caller, session)) {
                visible.add(session);
            }
        });
        visible.sort(Comparator.comparing(Session::created).thenComparing(Session::id));
        ArrayNode.Builder all = new ArrayNode.Builder();
        visible.forEach(session -> all.add(render(session)));
        return Replies.json(all.build());
    }

    @GET
    @Path("{id}")
    public Response show(@PathParam("id") String id, @Context Request http) {
        Principal caller = Callers.of(http);
        caller.requireToken();
        DataHandler.checkServing(cluster);
        Session session = view.state().coordination().session(Names.sessionId(id, "the session id"));
        if (session == null) {
            throw ended(id);
        }
        if (!maySee(caller, session)) {
            throw new Forbidden("session " + id + " was opened with another access token");
        }
        return Replies.json(render(session));
    }

    /** Ends the session; its memberships go in the same step. */
    @DELETE
    @Path("{id}")
    public Response end(@PathParam("id") String id, @Context Request http) {
        updates.endSession(Names.sessionId(id, "the session id"), Callers.of(http).name());
        return Response.noContent().build();
    }

    private static NotFound ended(String id) {
        return new NotFound("no session " + id + "; it has ended or never was", null);
    }

    /** Its owner sees a session, and so does whoever may read everything; an ownerless one anybody. */
    private static boolean maySee(Principal caller, Session session) {
        return session.owner() == null || session.owner().equals(caller.name()) || caller.mayRead(JsonPath.ROOT);
    }

    private ObjectNode render(Session session) {
        return render(session, leases != null ? leases.expires(session) : session.created().plus(session.ttl()));
    }

    private static ObjectNode render(Session session, Instant expires) {
        return Representations.session(session, expires);
    }
}
