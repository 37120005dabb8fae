package dev.lighthouse.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A document path kept current in the background: configuration an application reads at
 * start-up ({@link #await}) and then follows. It follows the path's event stream, moving to
 * another member when one is lost and resuming from the last version it saw, so the latest
 * state is never lost across reconnects. Listeners are called, in version order, on the
 * follower's thread, with the value bound to the type (null when the path is absent).
 */
public final class LiveValue<T> implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LiveValue.class.getName());

    private final String path;
    private final Class<T> type;
    private final ObjectMapper json;
    private final StreamFollower follower;
    private final List<Consumer<Versioned<T>>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Boolean>> connectionListeners = new CopyOnWriteArrayList<>();
    /** Guards {@link #current}; {@link #await} waits on it. */
    private final Object lock = new Object();
    /** Serialises handing states to listeners with adding one, so a new listener misses none and sees none twice. */
    private final Object delivery = new Object();
    private Versioned<T> current;
    private volatile boolean connected;
    private volatile LighthouseException lastFailure;

    LiveValue(Transport transport, String path, Class<T> type, ScheduledExecutorService timers) {
        this.path = path;
        this.type = type;
        this.json = transport.json();
        this.follower = StreamFollower.watching(transport, path,
                StreamFollower.Listener.of(this::onEvent, (up, member, why) -> onConnection(up, why)), timers);
    }

    void start() {
        follower.start();
    }

    private void onEvent(ServerSentEvents.Event event) {
        if (!event.name().equals("value") && !event.name().equals("absent")) {
            return; // resync: the current value follows at once
        }
        long seq = event.id() == null ? -1 : Long.parseLong(event.id());
        T value = null;
        if (event.name().equals("value")) {
            JsonNode node = Json.read(json, event.data().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "the value at " + path);
            value = Json.bind(json, node, type);
        }
        Versioned<T> next = new Versioned<>(value, seq, null, null);
        synchronized (delivery) {
            synchronized (lock) {
                if (current != null && seq <= current.seq() && seq >= 0) {
                    return; // already handed on before a reconnect
                }
                current = next;
                lock.notifyAll();
            }
            listeners.forEach(listener -> tell(listener, next));
        }
    }

    private void tell(Consumer<Versioned<T>> listener, Versioned<T> state) {
        try {
            listener.accept(state);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a listener of " + path + " failed", e);
        }
    }

    private void onConnection(boolean up, LighthouseException why) {
        connected = up;
        lastFailure = why;
        connectionListeners.forEach(listener -> listener.accept(up));
    }

    /** The latest state seen; empty until the first arrives. A present state may hold a null value (absent path). */
    public Optional<Versioned<T>> current() {
        synchronized (lock) {
            return Optional.ofNullable(current);
        }
    }

    /**
     * Blocks until the path has a value (not absent), or the deadline passes.
     *
     * @throws UnavailableException of type {@code timeout} when it has no value by then, saying why
     */
    public Versioned<T> await(Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        synchronized (lock) {
            while (current == null || current.value() == null) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    String why = current != null ? path + " is absent"
                            : lastFailure != null ? lastFailure.getMessage() : "no answer yet";
                    throw new UnavailableException("no value at " + path + " within " + deadline.toMillis() + " ms: "
                            + why, 0, "timeout", null, LighthouseException.Outcome.NONE, lastFailure);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UnavailableException("interrupted while waiting for " + path, 0, "interrupted", null,
                            LighthouseException.Outcome.NONE, e);
                }
            }
            return current;
        }
    }

    /**
     * Called with every new state, in version order, on the follower's thread; at once (on the
     * caller's thread) with the current state when there is one already.
     */
    public LiveValue<T> onChange(Consumer<Versioned<T>> listener) {
        synchronized (delivery) {
            listeners.add(listener);
            current().ifPresent(state -> tell(listener, state));
        }
        return this;
    }

    /** Called with true when the stream is (re)connected, false when it was lost. */
    public LiveValue<T> onConnection(Consumer<Boolean> listener) {
        connectionListeners.add(listener);
        return this;
    }

    public boolean connected() {
        return connected;
    }

    @Override
    public void close() {
        follower.close();
    }
}
