package dev.lighthouse.http;

import dev.lighthouse.error.InternalFailure;
import dev.lighthouse.error.LighthouseException;
import dev.lighthouse.error.Unavailable;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Stands in the handler chain for the Jersey part of the API (locks, versions, sessions,
 * cluster, operations), which takes the longest to build of anything a node starts. The port
 * opens and the plain-Jetty paths (reads, long polls, watches, groups) serve as soon as the
 * cluster does; a request for the Jersey part that comes before it is built is held, not
 * refused, and handled once it is (or answered with a problem if it never can be).
 */
final class ApiGate extends Handler.Abstract {

    /** A request that arrived before the API was built. */
    private record Held(Request request, Response response, Callback callback) {
    }

    private final List<Held> held = new ArrayList<>();
    private Handler api;
    private LighthouseException never;

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Handler ready;
        synchronized (this) {
            ready = api;
            if (ready == null && never == null) {
                held.add(new Held(request, response, callback));
                return true;
            }
        }
        if (ready == null) {
            JettyReplies.problem(response, callback, never);
            return true;
        }
        return ready.handle(request, response, callback);
    }

    /** Puts the built API in place (started, if this gate is) and hands it what was held. */
    void open(Handler built) throws Exception {
        built.setServer(getServer());
        List<Held> waiting;
        synchronized (this) {
            if (isStarted()) {
                built.start();
            }
            api = built;
            waiting = List.copyOf(held);
            held.clear();
        }
        for (Held h : waiting) {
            pass(built, h);
        }
    }

    /** The API could not be built: what was held, and what comes later, gets {@code problem}. */
    void fail(LighthouseException problem) {
        List<Held> waiting;
        synchronized (this) {
            never = problem;
            waiting = List.copyOf(held);
            held.clear();
        }
        for (Held h : waiting) {
            JettyReplies.problem(h.response(), h.callback(), problem);
        }
    }

    private static void pass(Handler built, Held h) {
        try {
            if (!built.handle(h.request(), h.response(), h.callback())) {
                Response.writeError(h.request(), h.response(), h.callback(), 404);
            }
        } catch (Exception | Error e) {
            JettyReplies.problem(h.response(), h.callback(), InternalFailure.logged("a request held until the API"
                    + " was built", e));
        }
    }

    /** Requests waiting for the API now. */
    synchronized int heldCount() {
        return held.size();
    }

    @Override
    protected void doStop() throws Exception {
        Handler running;
        synchronized (this) {
            running = api;
        }
        if (running != null) {
            running.stop();
        }
        fail(new Unavailable("this node is stopping", Unavailable.Outcome.NOT_APPLIED));
        super.doStop();
    }
}
