package dev.lighthouse.http;

import dev.lighthouse.apply.StateView;
import dev.lighthouse.store.Version;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.watch.Change;
import dev.lighthouse.watch.Watches;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * {@code GET /data/{path}?wait=<seq>}: the request stays open, without a
 * thread, until the value changes after that seq or the timeout passes,
 * whichever comes first; exactly one of them answers.
 */
final class LongPolls {

    private final Watches watches;
    private final StateView view;

    LongPolls(Watches watches, StateView view) {
        this.watches = watches;
        this.view = view;
    }

    void start(Request request, Response response, Callback callback, JsonPath path, ReadOptions options) {
        Watches.Subscription subscription = watches.subscribe(path, options.waitSeq(), true, FrontHandler.address(request),
                change -> answer(request, response, callback, path, change));
        Change first = subscription.first();
        if (first != null) {
            answer(request, response, callback, path, first);
            return;
        }
        // A long poll is quiet by design: the connector's idle timeout must not end it.
        request.addIdleTimeoutListener(timeout -> false);
        request.addFailureListener(failure -> {
            if (subscription.cancel()) {
                callback.failed(failure);
            }
        });
        Scheduler.Task timer = request.getComponents().getScheduler().schedule(() -> {
            if (subscription.cancel()) {
                Version current = view.state().current();
                answer(request, response, callback, path, new Change(current, null, false));
            }
        }, options.timeout().toMillis(), TimeUnit.MILLISECONDS);
        Request.addCompletionListener(request, failure -> timer.cancel());
    }

    private static void answer(Request request, Response response, Callback callback, JsonPath path, Change change) {
        try {
            ValueReply.send(request, response, callback, change.version(), path, change.value(), change.resync());
        } catch (RuntimeException e) {
            callback.failed(e);
        }
    }
}
