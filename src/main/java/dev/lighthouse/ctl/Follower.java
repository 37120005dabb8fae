package dev.lighthouse.ctl;

import dev.lighthouse.client.LighthouseClient;
import dev.lighthouse.client.LighthouseException;
import dev.lighthouse.client.Watch;
import dev.lighthouse.client.WatchEvent;
import dev.lighthouse.client.WatchListener;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Follows a path with the client's {@link Watch} for as long as the process lives, handing
 * every value and absence to the listener on the caller's thread, in order. The watch
 * reconnects by itself (backoff from 0.1 s to 5 s, resuming with {@code Last-Event-ID}, on the
 * next member); this says so on stderr, once per outage, and ends with the refusal when the
 * server refuses for good (a 4xx other than 429).
 */
final class Follower {

    /** What happens to the value at the path. */
    interface Listener {
        /** @param seq the version the event comes from (-1 if the server gave no number) */
        void value(long seq, byte[] json);

        void absent(long seq);
    }

    /** The stream came up (why null) or was lost. */
    private record Connection(boolean up, URI member, LighthouseException why) {
    }

    private final LighthouseClient client;
    private final String path;
    private final Output output;
    private final BlockingQueue<Object> happenings = new LinkedBlockingQueue<>();

    Follower(LighthouseClient client, String path, Output output) {
        this.client = client;
        this.path = path;
        this.output = output;
    }

    /** Runs until the process ends; returns only by throwing a failure that retrying cannot mend. */
    void run(Listener listener) {
        boolean lost = false;
        try (Watch watch = client.watch(path, new WatchListener() {
            @Override
            public void event(WatchEvent event) {
                happenings.add(event);
            }

            @Override
            public void connection(boolean up, URI member, LighthouseException why) {
                happenings.add(new Connection(up, member, why));
            }
        })) {
            while (true) {
                Object next = take();
                if (next instanceof WatchEvent event) {
                    deliver(event, listener);
                } else if (next instanceof Connection connection && connection.up()) {
                    if (lost) {
                        output.note("reconnected to " + connection.member());
                        lost = false;
                    }
                } else if (next instanceof Connection connection) {
                    CtlFailure failure = CtlFailure.from(connection.why());
                    if (!failure.isTransient()) {
                        throw failure;
                    }
                    if (!lost) {
                        output.note("watch of " + DocPath.display(path) + " interrupted (" + failure.getMessage()
                                + "); reconnecting");
                        lost = true;
                    }
                }
            }
        }
    }

    private void deliver(WatchEvent event, Listener listener) {
        switch (event.kind()) {
            case VALUE -> listener.value(event.seq(), event.json());
            case ABSENT -> listener.absent(event.seq());
            case RESYNC -> output.note("resuming from a version the server no longer holds: changes before "
                    + (event.seq() >= 0 ? "version " + event.seq() : "now")
                    + " may have been skipped; the current value follows");
        }
    }

    private Object take() {
        try {
            return happenings.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CtlFailure.failed("interrupted");
        }
    }
}
