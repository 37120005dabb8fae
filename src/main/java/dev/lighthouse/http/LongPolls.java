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

    /** @param outline the outline to answer with instead of the value, or null */
    void start(Request request, Response response, Callback callback, JsonPath path, ReadOptions options,
               Outline outline) {
        Poll poll = new Poll(request, response, callback, path, outline);
        // Everything that can end the poll is in place before it subscribes: the answer may come
        // on the applier's thread at once, and the exchange must not be touched after it is done.
        // A long poll is quiet by design: the connector's idle timeout must not end it.
        request.addIdleTimeoutListener(timeout -> false);
        request.addFailureListener(poll::failed);
        Scheduler.Task timer = request.getComponents().getScheduler().schedule(poll::timedOut,
                options.timeout().toMillis(), TimeUnit.MILLISECONDS);
        Request.addCompletionListener(request, failure -> timer.cancel());
        poll.subscribed(watches.subscribe(path, options.waitSeq(), true, FrontHandler.address(request), poll::changed));
    }

    /** One waiting request; whichever of change, timeout and failure comes first ends it. */
    private final class Poll {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final JsonPath path;
        private final Outline outline;
        private Watches.Subscription subscription;
        private boolean timedOut;
        private Throwable failure;

        Poll(Request request, Response response, Callback callback, JsonPath path, Outline outline) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.path = path;
            this.outline = outline;
        }

        void subscribed(Watches.Subscription subscription) {
            boolean expired;
            Throwable failed;
            synchronized (this) {
                this.subscription = subscription;
                expired = timedOut;
                failed = failure;
            }
            Change first = subscription.first();
            if (first != null) {
                answer(first);
            } else if (failed != null) {
                failed(failed);
            } else if (expired) {
                timedOut();
            }
        }

        void changed(Change change) {
            answer(change);
        }

        void timedOut() {
            Watches.Subscription current;
            synchronized (this) {
                timedOut = true;
                current = subscription;
            }
            if (current != null && current.cancel()) {
                answer(new Change(view.state().current(), null, false));
            }
        }

        void failed(Throwable cause) {
            Watches.Subscription current;
            synchronized (this) {
                failure = cause;
                current = subscription;
            }
            if (current != null && current.cancel()) {
                callback.failed(cause);
            }
        }

        private void answer(Change change) {
            try {
                ValueReply.send(request, response, callback, change.version(), path, change.value(), change.resync(),
                        outline);
            } catch (RuntimeException e) {
                callback.failed(e);
            }
        }
    }
}
