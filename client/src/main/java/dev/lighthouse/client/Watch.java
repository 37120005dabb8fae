package dev.lighthouse.client;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A path's event stream followed on a thread of its own, handing each event on as the server
 * sent it ({@link LighthouseClient#watch}). It reconnects when the connection is lost, to the
 * next member, resuming with {@code Last-Event-ID} from the last version handed on, so no
 * change is missed and none is handed on twice. Close it to stop.
 */
public final class Watch implements AutoCloseable {

    private final StreamFollower follower;
    private final WatchListener listener;
    private long lastSeq = -1;

    Watch(Transport transport, String path, WatchListener listener, ScheduledExecutorService timers) {
        this.listener = listener;
        this.follower = StreamFollower.watching(transport, path,
                StreamFollower.Listener.of(this::onEvent, listener::connection), timers);
    }

    void start() {
        follower.start();
    }

    private void onEvent(ServerSentEvents.Event event) {
        long seq = seq(event.id());
        WatchEvent.Kind kind = switch (event.name()) {
            case "value" -> WatchEvent.Kind.VALUE;
            case "absent" -> WatchEvent.Kind.ABSENT;
            case "resync" -> WatchEvent.Kind.RESYNC;
            default -> null; // an event this client does not know: the stream goes on
        };
        if (kind == null) {
            return;
        }
        if (kind != WatchEvent.Kind.RESYNC) {
            if (seq >= 0 && seq <= lastSeq) {
                return; // already handed on before a reconnect
            }
            lastSeq = Math.max(lastSeq, seq);
        }
        byte[] json = kind == WatchEvent.Kind.VALUE ? event.data().getBytes(StandardCharsets.UTF_8) : new byte[0];
        listener.event(new WatchEvent(kind, seq, json));
    }

    private static long seq(String id) {
        try {
            return id == null ? -1 : Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        follower.close();
    }
}
