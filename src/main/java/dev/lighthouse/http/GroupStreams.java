package dev.lighthouse.http;

import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.watch.GroupWatches;
import java.time.Duration;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /groups/{g}} with {@code Accept: text/event-stream}: the group as it is (or,
 * resuming with {@code Last-Event-ID: <rev>}, only if its rev differs from that), then one
 * {@code members} event per change, with the same {@link EventStream} as {@code /watch}: a
 * heartbeat while quiet, and a slow reader skips to the newest state. No thread per stream.
 */
final class GroupStreams {

    private final GroupWatches watches;
    private final Duration heartbeat;

    GroupStreams(GroupWatches watches, Duration heartbeat) {
        this.watches = watches;
        this.heartbeat = heartbeat;
    }

    /** @param lastRev the rev the client has seen ({@code Last-Event-ID}), or null */
    void open(Request request, Response response, Callback callback, JsonPath group, Long lastRev) {
        response.getHeaders().put(WatchHandler.EVENT_STREAM);
        response.getHeaders().put(WatchHandler.NO_CACHE);
        if (HttpMethod.HEAD.is(request.getMethod())) {
            response.write(true, null, callback);
            return;
        }
        EventStream stream = new EventStream(response, callback, request.getComponents().getScheduler(), heartbeat);
        GroupWatches.Subscription subscription = watches.subscribe(group, lastRev, false,
                FrontHandler.address(request), state -> stream.offer(state.counter(), GroupJson.event(state)));
        request.addIdleTimeoutListener(timeout -> false);
        request.addFailureListener(stream::close);
        GroupWatches.GroupState first = subscription.first();
        stream.start(subscription::cancel, first == null ? -1 : first.counter(),
                first == null ? null : GroupJson.event(first));
    }
}
