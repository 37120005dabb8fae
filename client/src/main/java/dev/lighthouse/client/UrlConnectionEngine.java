package dev.lighthouse.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * Requests over {@link HttpURLConnection}, which a fresh JVM sets up in a fraction of the time
 * {@code HttpClient} takes: the engine for processes that make a few calls and exit. It cannot
 * send PATCH (HttpURLConnection refuses the method) nor follow a stream; {@link Transport}
 * keeps those on {@link JdkClientEngine}. Each request has a connection of its own.
 */
final class UrlConnectionEngine implements HttpEngine {

    private final int connectTimeoutMillis;
    private final SSLSocketFactory tls;

    UrlConnectionEngine(ClientSettings settings) {
        this.connectTimeoutMillis = millis(settings.connectTimeout());
        this.tls = settings.tls() == null ? null : settings.tls().getSocketFactory();
    }

    /** Whether this engine can send a request with {@code method}. */
    static boolean carries(String method) {
        return !"PATCH".equals(method);
    }

    @Override
    public Reply exchange(String method, URI url, Map<String, String> headers, byte[] body, Duration timeout)
            throws IOException {
        boolean write = !"GET".equals(method) && !"HEAD".equals(method);
        HttpURLConnection connection = open(method, url, headers, timeout);
        if (write) {
            // A fixed length is "streaming mode", the one mode in which HttpURLConnection never
            // sends a request a second time by itself after a connection fails mid-way.
            connection.setFixedLengthStreamingMode(body == null ? 0 : body.length);
            connection.setDoOutput(true);
        }
        try {
            connection.connect();
        } catch (IOException e) {
            throw new NotConnected(e);
        }
        try {
            if (write) {
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body == null ? new byte[0] : body);
                }
            }
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            if (status == 401 && write && in == null) {
                return problemOfUnauthorized(method, url, headers, body, timeout);
            }
            return new Reply(status, connection.getHeaderFields(), readAll(in));
        } catch (SocketTimeoutException e) {
            connection.disconnect();
            throw new TimedOut(e);
        }
    }

    private HttpURLConnection open(String method, URI url, Map<String, String> headers, Duration timeout)
            throws IOException {
        // No proxy, as with HttpClient's defaults: the members are addressed as given.
        HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection(Proxy.NO_PROXY);
        connection.setRequestMethod(method);
        connection.setConnectTimeout(connectTimeoutMillis);
        connection.setReadTimeout(millis(timeout));
        connection.setUseCaches(false);
        connection.setInstanceFollowRedirects(false);
        headers.forEach(connection::setRequestProperty);
        // A connection of its own for every request: HttpURLConnection's keep-alive cache cannot
        // tell a connection the server has closed (a member stopped, restarted) from a live one
        // before it sends a PUT or DELETE on it, and such a write fails as if it might have been
        // applied; a fresh connection to a stopped member is refused, and the call moves on.
        connection.setRequestProperty("Connection", "close");
        if (tls != null && connection instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(tls);
        }
        return connection;
    }

    /**
     * In streaming mode HttpURLConnection drops a 401's body (it would have to send the request
     * again to authenticate), and with it the server's problem saying what was wrong. A request
     * refused for its credentials was not carried out, so it is sent once more, outside
     * streaming mode, only to read that problem.
     */
    private Reply problemOfUnauthorized(String method, URI url, Map<String, String> headers, byte[] body,
                                        Duration timeout) throws IOException {
        HttpURLConnection again = open(method, url, headers, timeout);
        if (body != null && body.length > 0) {
            again.setDoOutput(true);
            try (OutputStream out = again.getOutputStream()) {
                out.write(body);
            }
        }
        int status = again.getResponseCode();
        return new Reply(status, again.getHeaderFields(),
                readAll(status >= 400 ? again.getErrorStream() : again.getInputStream()));
    }

    /** The whole body; none when the stream is null (a reply without one). */
    private static byte[] readAll(InputStream stream) throws IOException {
        if (stream == null) {
            return new byte[0];
        }
        try (InputStream in = stream) {
            return in.readAllBytes();
        }
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }
}
