package dev.lighthouse.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A session: this client, alive for the cluster as long as it renews within its ttl. It is
 * renewed in the background every third of its ttl (sooner after a failed renewal, through
 * the next member). It is <em>lost</em> when the server says it has ended, or earlier, by this
 * client's own clock: when no renewal sent within the last ttl minus a safety margin has been
 * confirmed, the cluster may expire it at any moment, so whatever the session guards must stop
 * now rather than when the server finally says so. Once lost it stays lost; open a new one.
 */
public final class Session implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Session.class.getName());

    private final Transport transport;
    private final String id;
    private final String name;
    private final Duration ttl;
    private final long marginNanos;
    private final List<Runnable> lostListeners = new CopyOnWriteArrayList<>();
    private final ScheduledFuture<?> renewals;
    private final ScheduledFuture<?> clock;
    private final ScheduledExecutorService timers;
    private volatile boolean retryPending;
    /** When the newest confirmed renewal was sent (nanoTime): the cluster's ttl runs from no earlier. */
    private volatile long confirmedSentAt;
    private volatile boolean lost;
    private volatile boolean closed;

    Session(Transport transport, JsonNode opened, long sentAt, Duration margin, ScheduledExecutorService timers) {
        this.transport = transport;
        this.id = opened.path("id").asText();
        this.name = opened.path("name").asText(null);
        this.ttl = Durations.parse(opened.path("ttl").asText());
        this.marginNanos = margin != null ? margin.toNanos() : Math.min(ttl.toNanos() / 5, TimeUnit.SECONDS.toNanos(1));
        this.confirmedSentAt = sentAt;
        this.timers = timers;
        long every = Math.max(1, ttl.toMillis() / 3);
        this.renewals = timers.scheduleWithFixedDelay(this::renewQuietly, every, every, TimeUnit.MILLISECONDS);
        long check = Math.max(10, Math.min(100, ttl.toMillis() / 20));
        this.clock = timers.scheduleWithFixedDelay(this::checkClock, check, check, TimeUnit.MILLISECONDS);
    }

    /** Opens a session ({@code POST /sessions}); its ttl runs from when the request was sent. */
    static Session open(Transport transport, String name, Duration ttl, Duration margin,
                        ScheduledExecutorService timers) {
        ObjectNode body = transport.json().createObjectNode().put("ttl", Durations.format(ttl));
        if (name != null) {
            body.put("name", name);
        }
        long sentAt = System.nanoTime();
        Reply reply = transport.send(Request.write("POST", "/sessions", Json.write(transport.json(), body),
                "application/json", Map.of()));
        return new Session(transport, Json.read(transport.json(), reply.body(), "the session"), sentAt, margin, timers);
    }

    public String id() {
        return id;
    }

    /** The name given when it was opened, or null. */
    public String name() {
        return name;
    }

    public Duration ttl() {
        return ttl;
    }

    /** True once the session has ended or may have: by the server's word or this client's clock. */
    public boolean lost() {
        return lost;
    }

    /** Called once, on a client thread, when the session is lost; at once if it already is. */
    public Session onLost(Runnable listener) {
        synchronized (this) { // with markLost: a listener is either run by it or added after it, never lost between
            if (!lost) {
                lostListeners.add(listener);
                return this;
            }
        }
        listener.run();
        return this;
    }

    /** Renews now, outside the schedule; throws what the server said (a {@link NotFoundException} once ended). */
    public void renew() {
        if (lost) {
            throw new NotFoundException("session " + id + " is lost; open a new one", null);
        }
        long sentAt = System.nanoTime();
        Duration timeout = Duration.ofMillis(Math.max(1000, ttl.toMillis() / 3));
        try {
            transport.send(Request.write("PUT", "/sessions/" + id, null, null, Map.of()), timeout);
            if (sentAt - confirmedSentAt > 0) {
                confirmedSentAt = sentAt;
            }
        } catch (NotFoundException ended) {
            markLost("the cluster says it has ended");
            throw ended;
        }
    }

    private void renewQuietly() {
        try {
            renew();
        } catch (LighthouseException e) {
            if (!lost && !retryPending) {
                LOG.log(Level.FINE, "renewal of session {0} failed: {1}", new Object[] {id, e.getMessage()});
                retryPending = true;
                timers.schedule(() -> {
                    retryPending = false;
                    renewQuietly();
                }, Math.max(10, ttl.toMillis() / 10), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void checkClock() {
        if (!lost && System.nanoTime() - confirmedSentAt > ttl.toNanos() - marginNanos) {
            markLost("no renewal was confirmed within its ttl (" + Durations.format(ttl) + ") minus a margin");
        }
    }

    private synchronized void markLost(String why) {
        if (lost) {
            return;
        }
        lost = true;
        renewals.cancel(false);
        clock.cancel(false);
        if (!closed) {
            LOG.log(Level.WARNING, "session {0} is lost: {1}", new Object[] {id, why});
        }
        for (Runnable listener : lostListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a lost-session listener failed", e);
            }
        }
        lostListeners.clear();
    }

    /** Ends the session (its memberships go with it) and stops renewing. */
    @Override
    public void close() {
        closed = true;
        renewals.cancel(false);
        clock.cancel(false);
        try {
            if (!lost) {
                transport.send(Request.write("DELETE", "/sessions/" + id, null, null, Map.of()));
            }
        } catch (NotFoundException alreadyEnded) {
            // ended already: nothing left to end
        } finally {
            markLost("closed");
        }
    }
}
