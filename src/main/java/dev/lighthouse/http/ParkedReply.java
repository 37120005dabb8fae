package dev.lighthouse.http;

import dev.lighthouse.watch.GroupWatches;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A request on a group answered later, without a thread: a long poll, or a join waiting to hold.
 * Whichever comes first of a change it is waiting for, its timeout and the client going away
 * answers it ({@link #claim}), exactly once, and stops its subscription; nothing touches the
 * exchange after that.
 */
abstract class ParkedReply {

    final Request request;
    final Response response;
    final Callback callback;
    private final LateCancels timeouts;
    private final AtomicBoolean answered = new AtomicBoolean();
    private volatile GroupWatches.Subscription subscription;
    private final Scheduler scheduler;
    /** Set by {@link #park}, before anything can answer. */
    private volatile Scheduler.Task timer;

    /** @param timeouts where the timeout goes once it is no longer needed, shared by the waits of one kind */
    ParkedReply(Request request, Response response, Callback callback, LateCancels timeouts) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.timeouts = timeouts;
        this.scheduler = request.getComponents().getScheduler();
    }

    /**
     * Sets up the timeout and the client's going away; call before {@link #follow}, so that
     * everything that can end the wait is in place before an answer can come.
     */
    final void park(Duration timeout) {
        // Quiet by design: the connector's idle timeout must not end the wait.
        request.addIdleTimeoutListener(idle -> false);
        request.addFailureListener(failure -> {
            if (claim()) {
                callback.failed(failure);
            }
        });
        // Cancelled by whichever answer claims the reply, not by a completion listener: that would
        // wrap the exchange's stream, one more layer for every answer's completion to go through.
        timer = scheduler.schedule(() -> {
            if (claim()) {
                timedOut();
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Hands over the subscription to stop once answered (at once, when the answer came already). */
    final void follow(GroupWatches.Subscription following) {
        subscription = following;
        if (answered.get()) {
            following.cancel();
        }
    }

    /** @return true for the one caller that may answer; the subscription and the timer are stopped then */
    final boolean claim() {
        if (!answered.compareAndSet(false, true)) {
            return false;
        }
        GroupWatches.Subscription following = subscription;
        if (following != null) {
            following.cancel();
        }
        Scheduler.Task pending = timer;
        if (pending != null) {
            timeouts.cancel(scheduler, pending);
        }
        return true;
    }

    /** Answers 200 with {@code json}, after a successful {@link #claim}. */
    final void send(byte[] json) {
        JettyReplies.json(request, response, new ExchangeAfterTelling(callback), json);
    }

    /** The wait ran out; called once, after a successful {@link #claim}. */
    abstract void timedOut();
}
