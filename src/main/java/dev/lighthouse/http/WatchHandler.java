package dev.lighthouse.http;

import dev.lighthouse.cluster.Cluster;
import dev.lighthouse.error.LighthouseException;
import dev.lighthouse.error.ProblemType;
import dev.lighthouse.error.RequestRefused;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.watch.Watches;
import java.time.Duration;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /watch/{path}}: a server-sent event stream of the value at the
 * path, first as it is now (or, resuming with {@code Last-Event-ID} or
 * {@code ?since=}, only if it changed since), then after each commit that
 * changes it. No thread is held per stream. With {@code ?outline=true} each
 * event carries the value's {@link Outline} instead of the value.
 */
final class WatchHandler extends Handler.Wrapper {

    private static final String PREFIX = "/watch";
    static final HttpField EVENT_STREAM = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE,
            "text/event-stream; charset=utf-8");
    static final HttpField NO_CACHE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-cache");

    private final Watches watches;
    private final Cluster cluster;
    private final Duration heartbeat;

    WatchHandler(Watches watches, Cluster cluster, Duration heartbeat, Handler next) {
        super(next);
        this.watches = watches;
        this.cluster = cluster;
        this.heartbeat = heartbeat;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String rest = RawPaths.under(request.getHttpURI().getPath(), PREFIX);
        if (rest == null) {
            return super.handle(request, response, callback);
        }
        try {
            String method = request.getMethod();
            if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                throw new RequestRefused(ProblemType.METHOD_NOT_ALLOWED, method + " is not answered under /watch; use GET");
            }
            JsonPath watched = JsonPath.fromUrl(rest);
            Callers.of(request).requireRead(watched);
            Long since = since(request);
            Outline outline = Outline.parse(request.getHttpURI().getQuery());
            DataHandler.checkServing(cluster);
            response.getHeaders().put(EVENT_STREAM);
            response.getHeaders().put(NO_CACHE);
            if (HttpMethod.HEAD.is(method)) {
                response.write(true, null, callback);
                return true;
            }
            EventStream stream = new EventStream(response, callback, request.getComponents().getScheduler(), heartbeat,
                    outline == null ? EventFrames::of : change -> EventFrames.outlined(change, outline));
            Watches.Subscription subscription = watches.subscribe(watched, since, false,
                    FrontHandler.address(request), stream);
            request.addIdleTimeoutListener(timeout -> false);
            request.addFailureListener(stream::close);
            stream.open(subscription, subscription.first());
        } catch (LighthouseException e) {
            JettyReplies.problem(response, callback, e);
        }
        return true;
    }

    /** {@code Last-Event-ID} (what browsers send on reconnecting) wins over {@code ?since=}. */
    private static Long since(Request request) {
        String lastEventId = request.getHeaders().get("Last-Event-ID");
        if (lastEventId != null && !lastEventId.isBlank()) {
            return ReadOptions.seq(lastEventId.trim(), "Last-Event-ID");
        }
        String query = request.getHttpURI().getQuery();
        if (query != null) {
            for (String option : query.split("&")) {
                if (option.startsWith("since=")) {
                    return ReadOptions.seq(option.substring(6), "since");
                }
            }
        }
        return null;
    }
}
