package dev.lighthouse.http;

import dev.lighthouse.error.LighthouseException;
import dev.lighthouse.error.ProblemType;
import dev.lighthouse.error.RequestRefused;
import dev.lighthouse.metrics.ServerMetrics;
import dev.lighthouse.security.AccessControl;
import dev.lighthouse.security.Principal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * First handler for every request: times it for metrics, enforces the path
 * limit, and decides who is asking ({@link Principal}, see {@link Callers}).
 * Whatever changes state needs a write grant somewhere before it goes any
 * further; with no access control configured only loopback clients have one
 * (the SPEC's safe default). Each handler then checks the paths it touches.
 */
final class FrontHandler extends Handler.Wrapper {

    /** The connection attribute {@link #address} keeps its answer in. */
    private static final String ADDRESS = "lighthouse.address";

    private final ServerMetrics metrics;
    private final int maxPathBytes;
    private final AccessControl access;

    FrontHandler(ServerMetrics metrics, int maxPathBytes, AccessControl access, Handler next) {
        super(next);
        this.metrics = metrics;
        this.maxPathBytes = maxPathBytes;
        this.access = access;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long start = System.nanoTime();
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        Callback timed = new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                metrics.recordRequest(route(path), method, response.getStatus(), System.nanoTime() - start);
                super.succeeded();
            }

            @Override
            public void failed(Throwable failure) {
                // A reply whose head went out before the client left (a watch stream ending this
                // way, usually) was served with that status; only the rest failed on our side.
                int status = response.isCommitted() ? response.getStatus() : 599;
                metrics.recordRequest(route(path), method, status, System.nanoTime() - start);
                super.failed(failure);
            }
        };
        if (path.length() > maxPathBytes) {
            JettyReplies.problem(response, timed, new RequestRefused(ProblemType.URI_TOO_LONG, "the path is " + path.length()
                    + " bytes; the limit is " + maxPathBytes));
            return true;
        }
        try {
            if (access.enabled()) {
                Principal principal = isProbe(path) && isRead(method) && access.openProbes()
                        ? Principal.PROBE
                        : access.principal(request.getHeaders().get(HttpHeader.AUTHORIZATION), address(request), false);
                if (!isRead(method)) {
                    principal.requireSomeWrite();
                }
                request.setAttribute(Callers.ATTRIBUTE, principal);
            } else if (!isRead(method)) {
                Callers.of(request).requireSomeWrite();
            }
        } catch (LighthouseException refused) {
            JettyReplies.problem(response, timed, refused);
            return true;
        }
        return super.handle(request, response, timed);
    }

    /** Health checks and scrapers, which have no token to send unless the operator wants them to. */
    private static boolean isProbe(String path) {
        return path.equals("/health") || path.equals("/metrics");
    }

    private static boolean isRead(String method) {
        return HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method) || HttpMethod.OPTIONS.is(method);
    }

    /**
     * The client's IP address as text, the unit per-address bounds count in. Kept on the
     * connection once made: a client that long-polls sends one request after another on it.
     */
    static String address(Request request) {
        ConnectionMetaData connection = request.getConnectionMetaData();
        if (connection.getAttribute(ADDRESS) instanceof String known) {
            return known;
        }
        SocketAddress remote = connection.getRemoteSocketAddress();
        String address = remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : String.valueOf(remote);
        connection.setAttribute(ADDRESS, address);
        return address;
    }

    static boolean fromLoopback(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet) {
            InetAddress address = inet.getAddress();
            return address != null && address.isLoopbackAddress();
        }
        return false;
    }

    /** A small fixed set of labels, whatever paths clients send: an index into {@link ServerMetrics#ROUTES}. */
    static int route(String path) {
        int end = path.indexOf('/', 1);
        int length = (end < 0 ? path.length() : end) - 1;
        List<String> routes = ServerMetrics.ROUTES;
        for (int i = 0; i < routes.size() - 1; i++) {
            String route = routes.get(i);
            if (route.length() == length && path.startsWith(route, 1)) {
                return i;
            }
        }
        return routes.size() - 1;
    }
}
