package dev.lighthouse.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Follows one server-sent-event stream for as long as it is open, on a thread of its own. When
 * the connection is lost (an error, the member going away, or no line at all for longer than
 * three heartbeats) it reconnects, to the next member, and resumes with {@code Last-Event-ID}
 * from the last event it handed on, so the server sends what changed meanwhile (or the current
 * state, flagged as a resync, when that is older than its history): no change is lost and none
 * is handed on twice. Reconnects back off from 100 ms to 5 s.
 */
final class StreamFollower implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StreamFollower.class.getName());
    private static final Duration SILENCE = Duration.ofSeconds(45);
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    /** What the follower tells its owner: each event, and the stream coming up or going. */
    interface Listener {
        void event(ServerSentEvents.Event event);

        /** The stream from {@code member} is up (true) or lost (false, with why). */
        default void connection(boolean up, URI member, LighthouseException why) {
        }

        /** A listener of both, from two functions. */
        static Listener of(Consumer<ServerSentEvents.Event> events, Connection connection) {
            return new Listener() {
                @Override
                public void event(ServerSentEvents.Event event) {
                    events.accept(event);
                }

                @Override
                public void connection(boolean up, URI member, LighthouseException why) {
                    connection.changed(up, member, why);
                }
            };
        }
    }

    /** News of the connection, as {@link Listener#connection}. */
    interface Connection {
        void changed(boolean up, URI member, LighthouseException why);
    }

    private final Transport transport;
    private final String path;
    private final Listener listener;
    private final ScheduledExecutorService timers;
    private final Thread thread;
    private volatile boolean open = true;
    private volatile String lastEventId;
    private volatile long lastLineNanos;
    private volatile Stream<String> lines;

    StreamFollower(Transport transport, String path, Listener listener, ScheduledExecutorService timers) {
        this.transport = transport;
        this.path = path;
        this.listener = listener;
        this.timers = timers;
        this.thread = new Thread(this::follow, "lighthouse-follow " + path);
        this.thread.setDaemon(true);
    }

    /** Follows a document path's {@code /watch} stream. */
    static StreamFollower watching(Transport transport, String path, Listener listener,
                                   ScheduledExecutorService timers) {
        return new StreamFollower(transport, "/watch/" + PathCodec.encode(PathCodec.trim(path)), listener, timers);
    }

    void start() {
        thread.start();
    }

    private void follow() {
        long backoff = FIRST_BACKOFF_MILLIS;
        while (open) {
            URI member = transport.member();
            ScheduledFuture<?> watchdog = null;
            try {
                Map<String, String> headers = new HashMap<>();
                if (lastEventId != null) {
                    headers.put("Last-Event-ID", lastEventId);
                }
                HttpResponse<Stream<String>> response = transport.stream(member, path, headers);
                lines = response.body();
                lastLineNanos = System.nanoTime();
                watchdog = timers.scheduleWithFixedDelay(this::closeIfSilent, 1, 1, TimeUnit.SECONDS);
                listener.connection(true, member, null);
                backoff = FIRST_BACKOFF_MILLIS;
                read(lines);
                lost(member, new UnavailableException("the stream from " + member + " ended", 0, "unreachable", null,
                        LighthouseException.Outcome.NONE, null));
            } catch (IOException | RuntimeException e) {
                if (!open) {
                    break;
                }
                LighthouseException why = e instanceof LighthouseException known ? known
                        : new UnavailableException("the stream from " + member + " failed: " + e, 0, "unreachable",
                        null, LighthouseException.Outcome.NONE, e);
                lost(member, why);
            } catch (InterruptedException e) {
                break;
            } finally {
                if (watchdog != null) {
                    watchdog.cancel(false);
                }
                closeLines();
            }
            if (!pause(backoff)) {
                break;
            }
            backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        }
    }

    private void read(Stream<String> stream) {
        ServerSentEvents events = new ServerSentEvents(event -> {
            if (event.id() != null) {
                lastEventId = event.id();
            }
            try {
                listener.event(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a listener of " + path + " failed", e);
            }
        });
        stream.takeWhile(line -> open).forEach(line -> {
            lastLineNanos = System.nanoTime();
            events.line(line);
        });
    }

    private void lost(URI member, LighthouseException why) {
        if (open) {
            transport.moveOn(member);
            listener.connection(false, member, why);
        }
    }

    private void closeIfSilent() {
        if (System.nanoTime() - lastLineNanos > SILENCE.toNanos()) {
            closeLines();
        }
    }

    private void closeLines() {
        Stream<String> current = lines;
        if (current != null) {
            current.close();
        }
    }

    private boolean pause(long millis) {
        try {
            Thread.sleep(millis); // a reconnect's backoff, not a wait for a condition
            return open;
        } catch (InterruptedException e) {
            return false;
        }
    }

    @Override
    public void close() {
        open = false;
        closeLines();
        thread.interrupt();
    }
}
