package dev.lighthouse.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The layer that moves one request's bytes to a member and back: method, URL, headers and body
 * out; status, headers and the whole body in. It knows nothing of the protocol: which member,
 * which headers, what an error status means and whether to try again are the
 * {@link Transport}'s. Two implementations: {@link JdkClientEngine} ({@code HttpClient}) and
 * {@link UrlConnectionEngine} ({@code HttpURLConnection}, for short-lived processes).
 */
interface HttpEngine {

    /**
     * @param headers every header to send (the engine adds only what HTTP itself needs)
     * @param body    null for none
     * @param timeout how long to wait for the answer once the request is sent
     * @throws NotConnected when no connection could be made, so nothing was sent
     * @throws TimedOut     when the request went out but no answer came within {@code timeout}
     * @throws IOException  when the connection was lost in between (the request may have been applied)
     */
    Reply exchange(String method, URI url, Map<String, String> headers, byte[] body, Duration timeout)
            throws IOException, InterruptedException;

    /** No connection could be made (refused, unknown host, connect timeout): the request never left. */
    final class NotConnected extends IOException {
        NotConnected(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The request was sent and no answer came in time. */
    final class TimedOut extends IOException {
        TimedOut(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
