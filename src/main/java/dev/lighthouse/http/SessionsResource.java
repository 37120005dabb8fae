package dev.lighthouse.http;

import dev.lighthouse.apply.SessionLeases;
import dev.lighthouse.apply.StateView;
import dev.lighthouse.apply.Updates;
import dev.lighthouse.cluster.Cluster;
import dev.lighthouse.config.Durations;
import dev.lighthouse.coord.Session;
import dev.lighthouse.coord.SessionIds;
import dev.lighthouse.error.Forbidden;
import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.error.NotFound;
import dev.lighthouse.security.Principal;
import dev.lighthouse.tree.ArrayNode;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.ObjectNode;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.server.Request;

/**
 * {@code /sessions}: open, show, list and end sessions (renewals are {@link SessionRenewals}'s).
 * Opening and ending are commands through the log; no read is. A session belongs to the access token that
 * opened it: only that token may renew or end it, or join with it; a token with read on
 * {@code /} may see every session (operators), any other only its own.
 */
@Path("/sessions")
public final class SessionsResource {

    private static final Set<String> MEMBERS = Set.of("name", "ttl");
    private static final Duration DEFAULT_TTL = Duration.ofSeconds(10);

    private final Updates updates;
    private final StateView view;
    private final Bodies bodies;
    private final Cluster cluster;
    private final SessionLeases leases;

    /** @param leases the leader's session clock, for the expiry shown; or null while it is not wired */
    SessionsResource(Updates updates, StateView view, Bodies bodies, Cluster cluster, SessionLeases leases) {
        this.updates = updates;
        this.view = view;
        this.bodies = bodies;
        this.cluster = cluster;
        this.leases = leases;
    }

    /** Opening needs a write grant somewhere (checked for every write, before this). */
    @POST
    public Response open(InputStream body, @HeaderParam("Content-Length") Long length, @Context Request http) {
        Principal caller = Callers.of(http);
        caller.requireSomeWrite();
        ObjectNode request = readOptional(body, length);
        String name = Names.sessionName(Bodies.optionalString(request, "name"));
        String ttlText = Bodies.optionalString(request, "ttl");
        Duration ttl = ttlText == null ? DEFAULT_TTL : Durations.parse(ttlText, Session.MAX_TTL, "'ttl'");
        if (ttl.compareTo(Session.MIN_TTL) < 0) {
            throw new InvalidInput("'ttl' must lie between 1s and 1h inclusive, not '" + ttlText + "'");
        }
        Session session = updates.openSession(SessionIds.next(), name, ttl, caller.name());
        return Response.status(201).location(URI.create("/sessions/" + session.id()))
                .entity(render(session).jsonBytes()).type("application/json").build();
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

    /** The body, or an empty object when there is none: {@code curl -X POST /sessions} opens one with the defaults. */
    private ObjectNode readOptional(InputStream body, Long length) {
        if (length != null && length == 0) {
            return ObjectNode.EMPTY;
        }
        try {
            PushbackInputStream peek = new PushbackInputStream(body);
            int first = peek.read();
            if (first < 0) {
                return ObjectNode.EMPTY;
            }
            peek.unread(first);
            return bodies.readObject(peek, length == null ? -1 : length, MEMBERS, "a session");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
