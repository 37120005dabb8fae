package dev.lighthouse.http;

import dev.lighthouse.apply.StateView;
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
    private final LateCancels timeouts = new LateCancels();

    LongPolls(Watches watches, StateView view) {
        this.watches = watches;
        this.view = view;
    }

    /** @param outline the outline to answer with instead of the value, or null */
    void start(Request request, Response response, Callback callback, JsonPath path, ReadOptions options,
               Outline outline) {
        Poll poll = new Poll(request, response, callback, path, outline);
        // Everything that can end the poll is in place before it subscribes: the answer may come
        // on the notifier's threads at once, and the exchange must not be touched after it is done.
        // A long poll is quiet by design: the connector's idle timeout must not end it.
        request.addIdleTimeoutListener(timeout -> false);
        request.addFailureListener(poll::failed);
        // Cancelled by whatever answers the poll, not by a completion listener: that would wrap
        // the exchange's stream, one more layer for every poll's completion to go through.
        poll.timer = poll.scheduler.schedule(poll::timedOut, options.timeout().toMillis(), TimeUnit.MILLISECONDS);
        Watches.Subscription subscription;
        try {
            subscription = watches.subscribe(path, options.waitSeq(), true, FrontHandler.address(request), poll::changed);
        } catch (RuntimeException refused) {
            poll.timer.cancel();
            throw refused;
        }
        poll.subscribed(subscription);
    }

    /** One waiting request; whichever of change, timeout and failure comes first ends it. */
    private final class Poll {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final JsonPath path;
        private final Outline outline;
        private final ValueReply.Asked asked;
        private final Scheduler scheduler;
        /** Set before the poll subscribes, so before anything else can read it. */
        private volatile Scheduler.Task timer;
        private Watches.Subscription subscription;
        private boolean timedOut;
        private Throwable failure;

        Poll(Request request, Response response, Callback callback, JsonPath path, Outline outline) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.path = path;
            this.outline = outline;
            this.asked = ValueReply.Asked.of(request);
            this.scheduler = request.getComponents().getScheduler();
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
                changed(first);
            } else if (failed != null) {
                failed(failed);
            } else if (expired) {
                timedOut();
            }
        }

        void changed(Change change) {
            answer(change);
            timeouts.cancel(scheduler, timer);
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
                timer.cancel();
                callback.failed(cause);
            }
        }

        private void answer(Change change) {
            try {
                ValueReply.send(request, asked, response, new ExchangeAfterTelling(callback), change, path, outline);
            } catch (RuntimeException e) {
                callback.failed(e);
            }
        }
    }
}
