package dev.lighthouse.http;

import dev.lighthouse.apply.SessionLeases;
import dev.lighthouse.apply.Updates;
import dev.lighthouse.config.Durations;
import dev.lighthouse.coord.Session;
import dev.lighthouse.coord.SessionIds;
import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.security.Principal;
import dev.lighthouse.tree.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code POST /sessions} {@code {"name","ttl"}}, opening a session, on plain Jetty: a fleet of
 * clients starting at once opens thousands, and each is a log write whose CPU, not its disk,
 * sets how many a second the cluster takes; Jersey's dispatch was a good part of it. The reply
 * waits on this thread until this node has applied the session, as every write's does. Every
 * other {@code /sessions} request goes on.
 */
final class SessionOpens extends Handler.Wrapper {

    private static final Set<String> MEMBERS = Set.of("name", "ttl");
    private static final Duration DEFAULT_TTL = Duration.ofSeconds(10);

    private final Updates updates;
    private final Bodies bodies;
    private final SessionLeases leases;

    /** @param leases the leader's session clock, for the expiry shown; or null while it is not wired */
    SessionOpens(Updates updates, Bodies bodies, SessionLeases leases, Handler next) {
        super(next);
        this.updates = updates;
        this.bodies = bodies;
        this.leases = leases;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!HttpMethod.POST.is(request.getMethod()) || !"".equals(RawPaths.under(request.getHttpURI().getPath(),
                "/sessions"))) {
            return super.handle(request, response, callback);
        }
        try {
            open(request, response, callback);
        } catch (RuntimeException e) {
            JettyReplies.problem(response, callback, ProblemWriter.problemFor(e));
        }
        return true;
    }

    /** Opening needs a write grant somewhere (checked for every write, before this). */
    private void open(Request request, Response response, Callback callback) {
        Principal caller = Callers.of(request);
        caller.requireSomeWrite();
        ObjectNode body = readOptional(Content.Source.asInputStream(request), request.getLength());
        String name = Names.sessionName(Bodies.optionalString(body, "name"));
        String ttlText = Bodies.optionalString(body, "ttl");
        Duration ttl = ttlText == null ? DEFAULT_TTL : Durations.parse(ttlText, Session.MAX_TTL, "'ttl'");
        if (ttl.compareTo(Session.MIN_TTL) < 0) {
            throw new InvalidInput("'ttl' must lie between 1s and 1h inclusive, not '" + ttlText + "'");
        }
        Session session = updates.openSession(SessionIds.next(), name, ttl, caller.name());
        response.setStatus(HttpStatus.CREATED_201);
        response.getHeaders().put(HttpHeader.LOCATION, "/sessions/" + session.id());
        JettyReplies.json(request, response, callback, Representations.session(session,
                leases != null ? leases.expires(session) : session.created().plus(session.ttl())).jsonBytes());
    }

    /** The body, or an empty object when there is none: {@code curl -X POST /sessions} opens one with the defaults. */
    private ObjectNode readOptional(InputStream body, long length) {
        if (length == 0) {
            return ObjectNode.EMPTY;
        }
        try {
            PushbackInputStream peek = new PushbackInputStream(body);
            int first = peek.read();
            if (first < 0) {
                return ObjectNode.EMPTY;
            }
            peek.unread(first);
            return bodies.readObject(peek, length, MEMBERS, "a session");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
