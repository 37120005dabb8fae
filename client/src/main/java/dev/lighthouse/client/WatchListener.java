package dev.lighthouse.client;

import java.net.URI;

/** What a {@link LighthouseClient#watch} tells its owner, on the watch's own thread. */
public interface WatchListener {

    /** A value, an absence or a resync, in version order; never the same version twice. */
    void event(WatchEvent event);

    /**
     * The stream from {@code member} is up, or was lost (with why: the server's refusal or the
     * connection's failure). After a loss the watch reconnects by itself, to the next member,
     * until it is closed; an owner that gives up on some refusals closes it here.
     */
    default void connection(boolean up, URI member, LighthouseException why) {
    }
}
