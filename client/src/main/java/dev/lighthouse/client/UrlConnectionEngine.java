package dev.lighthouse.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpRetryException;
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
 * keeps those on {@link JdkClientEngine}. Connections are kept alive by the JDK's own cache.
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
        // No proxy, as with HttpClient's defaults: the members are addressed as given.
        HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection(Proxy.NO_PROXY);
        connection.setRequestMethod(method);
        connection.setConnectTimeout(connectTimeoutMillis);
        connection.setReadTimeout(millis(timeout));
        connection.setUseCaches(false);
        connection.setInstanceFollowRedirects(false);
        headers.forEach(connection::setRequestProperty);
        boolean write = !"GET".equals(method) && !"HEAD".equals(method);
        if (write) {
            // A fixed length is "streaming mode", the one mode in which HttpURLConnection never
            // sends a request a second time by itself after a connection fails mid-way.
            connection.setFixedLengthStreamingMode(body == null ? 0 : body.length);
            connection.setDoOutput(body != null);
        }
        if (tls != null && connection instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(tls);
        }
        try {
            connection.connect();
        } catch (IOException e) {
            throw new NotConnected(e);
        }
        try {
            if (body != null) {
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = status(connection);
            return new Reply(status, connection.getHeaderFields(), read(connection, status));
        } catch (SocketTimeoutException e) {
            connection.disconnect();
            throw new TimedOut(e);
        }
    }

    /**
     * The status. In streaming mode HttpURLConnection drops a 401's connection and body (it
     * would have to resend to authenticate); the status and headers it read stay.
     */
    private static int status(HttpURLConnection connection) throws IOException {
        try {
            return connection.getResponseCode();
        } catch (HttpRetryException e) {
            return e.responseCode();
        }
    }

    private static byte[] read(HttpURLConnection connection, int status) throws IOException {
        InputStream stream;
        try {
            stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        } catch (HttpRetryException e) {
            stream = null;
        }
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
