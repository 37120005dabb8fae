package dev.lighthouse.ctl;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Follows {@code GET /watch/{path}} for as long as the process lives: every {@code value}
 * and {@code absent} event goes to the listener, in order ({@code resync}, sent when the
 * version resumed from is older than the server's history, is noted on stderr; other event
 * names are ignored). A dropped connection, a server
 * that is restarting or not serving (5xx) and a stalled stream (no event or heartbeat for
 * {@link #STALLED}) are retried with a backoff from 0.1 s doubling to 5 s, resuming with
 * {@code Last-Event-ID} (the last seq seen), on the next server when several are given.
 * Too many watchers (429) is retried too; other refusals (4xx) end it with their problem.
 */
final class Follower {

    /** The server sends a heartbeat every 15 s; three missed ones mean the connection is dead. */
    static final Duration STALLED = Duration.ofSeconds(45);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /** What happens to the value at the path. */
    interface Listener {
        /** @param seq the version the event comes from (-1 if the server gave no number) */
        void value(long seq, byte[] json);

        void absent(long seq);
    }

    private final HttpApi api;
    private final String path;
    private final Output output;
    private String lastId;

    Follower(HttpApi api, String path, Output output) {
        this.api = api;
        this.path = path;
        this.output = output;
    }

    /** Runs until the process ends; returns only by throwing a non-transient failure. */
    void run(Listener listener) {
        Duration backoff = FIRST_BACKOFF;
        boolean lost = false;
        while (true) {
            String reason;
            HttpURLConnection connection = null;
            try {
                connection = api.stream("/watch/" + DocPath.encode(path), headers(), STALLED);
                if (lost) {
                    output.note("reconnected to " + api.server());
                    lost = false;
                }
                try (InputStream in = new BufferedInputStream(connection.getInputStream())) {
                    EventStream events = new EventStream(in);
                    EventStream.Event event;
                    while ((event = events.next()) != null) {
                        backoff = FIRST_BACKOFF;
                        deliver(event, listener);
                    }
                }
                reason = "the server ended the stream";
            } catch (CtlFailure e) {
                if (!e.isTransient()) {
                    throw e;
                }
                reason = e.getMessage();
            } catch (IOException e) {
                reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            } finally {
                if (connection != null) {
                    connection.disconnect();
                }
            }
            if (!lost) {
                output.note("watch of " + DocPath.display(path) + " interrupted (" + reason + "); reconnecting");
                lost = true;
            }
            sleep(backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            api.moveOn();
        }
    }

    private Map<String, String> headers() {
        Map<String, String> headers = new HashMap<>();
        headers.put("Accept", "text/event-stream");
        if (lastId != null) {
            headers.put("Last-Event-ID", lastId);
        }
        return headers;
    }

    private void deliver(EventStream.Event event, Listener listener) {
        if (event.id() != null) {
            lastId = event.id();
        }
        long seq = seq(event.id());
        switch (event.type()) {
            case "value" -> listener.value(seq, event.data().getBytes(StandardCharsets.UTF_8));
            case "absent" -> listener.absent(seq);
            case "resync" -> output.note("resuming from a version the server no longer holds: changes before "
                    + (seq >= 0 ? "version " + seq : "now") + " may have been skipped; the current value follows");
            default -> {
                // an event this client does not know: ignored, the stream goes on
            }
        }
    }

    private static long seq(String id) {
        try {
            return id == null ? -1 : Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CtlFailure.failed("interrupted");
        }
    }
}
