package dev.lighthouse.ctl;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A session {@code run} holds: opened, renewed every ttl/3 on a thread of its own (sooner, and
 * through the next server, after a failed renewal), and judged by this process's own clock.
 * The server's deadline runs from when it received a renewal, which is no earlier than when it
 * was sent, so counting from the send of the last confirmed renewal errs on the safe side:
 * {@link #atRisk} turns true a quarter of a ttl before the server could expire the session, and
 * {@code run} stops holding then rather than act on a session it may have lost.
 */
final class HeldSession implements AutoCloseable {

    private final Supplier<HttpApi> apis;
    private final Duration ttl;
    private final String id;
    private final Thread renewer;
    private volatile long confirmedSentAt;
    private volatile boolean ended;
    private volatile boolean closed;

    private HeldSession(Supplier<HttpApi> apis, Duration ttl, String id, long sentAt) {
        this.apis = apis;
        this.ttl = ttl;
        this.id = id;
        this.confirmedSentAt = sentAt;
        this.renewer = new Thread(this::renewLoop, "lighthousectl-renew");
        this.renewer.setDaemon(true);
    }

    /** Opens a session named {@code name} with {@code ttl}, and starts renewing it. */
    static HeldSession open(Supplier<HttpApi> apis, String name, Duration ttl) {
        long sentAt = System.nanoTime();
        String body = "{\"name\":" + new String(JsonText.quote(name), StandardCharsets.UTF_8) + ",\"ttl\":\""
                + ttl.toMillis() + "ms\"}";
        Reply reply = apis.get().send("POST", "/sessions", body.getBytes(StandardCharsets.UTF_8), HttpApi.READ_TIMEOUT);
        Map<String, Object> session = JsonTree.object(reply.body(), "session");
        String id = JsonTree.text(session, "id");
        if (id == null) {
            throw CtlFailure.failed("the server opened a session without an id");
        }
        HeldSession held = new HeldSession(apis, ttl, id, sentAt);
        held.renewer.start();
        return held;
    }

    String id() {
        return id;
    }

    /** The server said the session ended, or this process's clock says it may be about to. */
    boolean atRisk() {
        return ended || System.nanoTime() - confirmedSentAt > ttl.toNanos() * 3 / 4;
    }

    private void renewLoop() {
        HttpApi api = apis.get();
        long interval = ttl.toNanos() / 3;
        long retry = Math.max(TimeUnit.MILLISECONDS.toNanos(100), ttl.toNanos() / 12);
        while (!closed && !ended) {
            long since = System.nanoTime() - confirmedSentAt;
            if (!pause(since >= interval ? retry : interval - since)) {
                return;
            }
            long sentAt = System.nanoTime();
            try {
                api.send("PUT", "/sessions/" + id, null, Duration.ofNanos(interval));
                confirmedSentAt = sentAt;
            } catch (CtlFailure e) {
                if (e.status() == 404) {
                    ended = true;
                    return;
                }
                api.moveOn(); // 503 or no answer: the next renewal goes to another member, if any
            }
        }
    }

    /** @return false once closed */
    private boolean pause(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(Math.max(0, nanos));
            return !closed;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Stops renewing and ends the session on the server (best effort: it lapses by itself otherwise). */
    @Override
    public void close() {
        closed = true;
        renewer.interrupt();
        try {
            apis.get().send("DELETE", "/sessions/" + id, null, HttpApi.READ_TIMEOUT);
        } catch (CtlFailure e) {
            // ended already, or unreachable: it lapses after its ttl either way
        }
    }
}
