package dev.lighthouse.http;

import dev.lighthouse.watch.Change;
import dev.lighthouse.watch.Subscriber;
import dev.lighthouse.watch.Watches;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * One open event stream: {@code /watch}, or a group's ({@code GET /groups/{g}} as
 * {@code text/event-stream}). At most one write is in flight; a change
 * that arrives meanwhile waits, and a newer one replaces it, so a slow reader
 * skips to the latest state instead of buffering every version (the stream is
 * level-triggered: the newest value is all a watcher needs).
 */
final class EventStream implements Subscriber {

    private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Response response;
    private final Callback done;
    private final Scheduler scheduler;
    private final Duration heartbeat;
    private final Function<Change, byte[]> frames;
    /** Stops the subscription that feeds this stream; set once it exists. */
    private Runnable unsubscribe;
    private long lastSeq = -1;
    private byte[] pending;
    private boolean writing;
    private boolean closed;
    private Scheduler.Task heartbeatTask;

    EventStream(Response response, Callback done, Scheduler scheduler, Duration heartbeat) {
        this(response, done, scheduler, heartbeat, EventFrames::of);
    }

    /** @param frames how a change is written as an event (the value, or its outline) */
    EventStream(Response response, Callback done, Scheduler scheduler, Duration heartbeat,
                Function<Change, byte[]> frames) {
        this.response = response;
        this.done = done;
        this.scheduler = scheduler;
        this.heartbeat = heartbeat;
        this.frames = frames;
    }

    /**
     * Starts the stream with its first event, or with a comment when there is none yet, so the
     * client sees the response head at once. A change notified before this call already counts.
     */
    void open(Watches.Subscription subscription, Change first) {
        start(subscription::cancel, first == null ? -1 : first.version().seq(),
                first == null ? null : frames.apply(first));
    }

    /**
     * {@link #open} for any kind of subscription: {@code unsubscribe} stops it when the stream
     * closes; {@code firstFrame} (or null) is the first event, and {@code firstOrder} its place in
     * the order {@link #offer} keeps.
     */
    void start(Runnable unsubscribe, long firstOrder, byte[] firstFrame) {
        boolean cancel;
        synchronized (this) {
            this.unsubscribe = unsubscribe;
            cancel = closed;
        }
        if (cancel) {
            unsubscribe.run();
            return;
        }
        if (firstFrame != null) {
            offer(firstOrder, firstFrame);
        } else {
            beat();
            return;
        }
        scheduleHeartbeat();
    }

    @Override
    public void changed(Change change) {
        offer(change.version().seq(), frames.apply(change));
    }

    /**
     * Sends {@code frame} unless one at or after {@code seq} was offered already: {@code seq}
     * orders the frames (a version's seq; for a group, the coordination counter of the state,
     * which grows where the group's own rev may not).
     */
    void offer(long seq, byte[] frame) {
        byte[] next;
        synchronized (this) {
            if (closed || seq <= lastSeq) {
                return;
            }
            lastSeq = seq;
            if (writing) {
                pending = frame;
                return;
            }
            writing = true;
            next = frame;
        }
        write(next);
    }

    private void write(byte[] frame) {
        response.write(false, ByteBuffer.wrap(frame), Callback.from(this::written, this::close));
    }

    private void written() {
        byte[] next;
        synchronized (this) {
            next = closed ? null : pending;
            pending = null;
            writing = next != null;
        }
        if (next != null) {
            write(next);
        }
    }

    private void scheduleHeartbeat() {
        synchronized (this) {
            if (!closed) {
                heartbeatTask = scheduler.schedule(this::beat, heartbeat.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void beat() {
        boolean send;
        synchronized (this) {
            send = !closed && !writing;
            if (send) {
                writing = true;
            }
        }
        if (send) {
            write(HEARTBEAT);
        }
        scheduleHeartbeat();
    }

    /** The client went away or a write failed: stop following and end the exchange. */
    void close(Throwable failure) {
        Runnable s;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            s = unsubscribe;
            if (heartbeatTask != null) {
                heartbeatTask.cancel();
            }
        }
        if (s != null) {
            s.run();
        }
        done.failed(failure);
    }
}
