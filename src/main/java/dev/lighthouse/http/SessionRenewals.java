package dev.lighthouse.http;

import dev.lighthouse.apply.SessionLeases;
import dev.lighthouse.apply.StateView;
import dev.lighthouse.cluster.Cluster;
import dev.lighthouse.coord.Session;
import dev.lighthouse.error.Futures;
import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.error.NotFound;
import dev.lighthouse.error.Unavailable;
import dev.lighthouse.security.Principal;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;

/**
 * {@code PUT /sessions/{id}}, the renewal, on plain Jetty like {@code /data} and {@code /groups}:
 * it is the one request every live client sends every ttl/3, so thousands a second, and Jersey's
 * per-request injection and dispatch cost more CPU than the renewal itself. The reply is written
 * when the leader has confirmed it, without holding a thread meanwhile (every future it waits on
 * is bounded by the write timeout). Every other {@code /sessions} request goes on to Jersey
 * ({@link SessionsResource}).
 */
final class SessionRenewals extends Handler.Wrapper {

    private static final String PREFIX = "/sessions";

    private final StateView view;
    private final Cluster cluster;
    private final SessionLeases leases;

    /** @param leases the leader's session clock, or null while it is not wired: renewals then answer 503 */
    SessionRenewals(StateView view, Cluster cluster, SessionLeases leases, Handler next) {
        super(next);
        this.view = view;
        this.cluster = cluster;
        this.leases = leases;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!HttpMethod.PUT.is(request.getMethod()) || !isSession(request.getHttpURI().getPath())) {
            return super.handle(request, response, callback);
        }
        try {
            String id = plainId(request.getHttpURI().getPath());
            Principal caller = Callers.of(request);
            caller.requireToken();
            String sessionId = Names.sessionId(id, "the session id");
            known(sessionId).thenCompose(session -> renew(session, caller)).whenComplete((reply, error) -> {
                if (error == null) {
                    JettyReplies.json(request, response, callback, reply);
                } else {
                    JettyReplies.problem(response, callback, Futures.problem(error, "the renewal",
                            cluster.writeTimeout(), Unavailable.Outcome.UNKNOWN));
                }
            });
        } catch (RuntimeException e) {
            JettyReplies.problem(response, callback, ProblemWriter.problemFor(e));
        }
        return true;
    }

    private static boolean isSession(String path) {
        String rest = RawPaths.under(path, PREFIX);
        return rest != null && !rest.isEmpty() && rest.indexOf('/') < 0;
    }

    /** The id of {@code /sessions/{id}}, percent-decoded as Jersey would. */
    private static String plainId(String path) {
        String rest = RawPaths.under(path, PREFIX);
        if (rest.indexOf('%') < 0) {
            return rest;
        }
        try {
            return URIUtil.decodePath(rest);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("the session id is not percent-encoded correctly");
        }
    }

    private CompletableFuture<byte[]> renew(Session session, Principal caller) {
        session.checkOwner(caller.name());
        if (leases == null) {
            throw new Unavailable("session renewals are not wired into this server yet (the leader's session clock"
                    + " is missing); nothing was renewed", Unavailable.Outcome.NOT_APPLIED);
        }
        return leases.renew(session.id()).thenApply(expires -> Representations.session(session, expires).jsonBytes());
    }

    /**
     * The session as this node knows it; one opened through another member a moment ago may not
     * have reached this one, so an unknown id is looked for again after a consistent read.
     */
    private CompletableFuture<Session> known(String id) {
        Session session = view.state().coordination().session(id);
        if (session != null) {
            return CompletableFuture.completedFuture(session);
        }
        if (cluster.isLeader()) {
            return CompletableFuture.failedFuture(ended(id));
        }
        return cluster.consistentRead().thenApply(confirmed -> {
            Session after = view.state().coordination().session(id);
            if (after == null) {
                throw ended(id);
            }
            return after;
        });
    }

    private static NotFound ended(String id) {
        return new NotFound("no session " + id + "; it has ended or never was", null);
    }
}
