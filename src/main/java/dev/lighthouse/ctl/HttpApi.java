package dev.lighthouse.ctl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

/**
 * Requests to a Lighthouse server over {@link HttpURLConnection} (it starts in a fraction
 * of the JDK {@code HttpClient}'s time, which matters for a command run in loops).
 * Connections are kept alive between the requests of one command.
 *
 * <p>With several server URLs, a request goes to the one that answered last and moves on
 * to the next only when a connection cannot be made at all, so a request is never sent
 * twice. An error status becomes a {@link CtlFailure} carrying the server's problem.
 * Not thread-safe.
 */
final class HttpApi {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final List<String> servers;
    private final String token;
    private final SSLSocketFactory tls;
    private int current;

    /**
     * @param servers base URLs ({@code http://host:port}, no trailing slash)
     * @param token   bearer token, or null
     * @param tls     socket factory for {@code --ca} and {@code --cert}, or null for the JDK's defaults
     */
    HttpApi(List<String> servers, String token, SSLSocketFactory tls) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no server");
        }
        this.servers = List.copyOf(servers);
        this.token = token == null || token.isEmpty() ? null : token;
        this.tls = tls;
    }

    /** The server the next request goes to first. */
    String server() {
        return servers.get(current);
    }

    /** Another server for a reconnecting stream to try, when there are several. */
    void moveOn() {
        current = (current + 1) % servers.size();
    }

    Reply get(String path) {
        return send("GET", path, null, READ_TIMEOUT);
    }

    Reply put(String path, byte[] json) {
        return send("PUT", path, json, READ_TIMEOUT);
    }

    Reply delete(String path) {
        return send("DELETE", path, null, READ_TIMEOUT);
    }

    /**
     * Sends a request and reads the whole reply.
     *
     * @param path        the URL path and query, starting with {@code /}
     * @param readTimeout how long the server may take to answer (longer than any wait it was asked for)
     * @throws CtlFailure for an error status (with the server's problem) or when no server answers
     */
    Reply send(String method, String path, byte[] json, Duration readTimeout) {
        HttpURLConnection connection = connect(method, path, Map.of(), json == null ? -1 : json.length, readTimeout);
        String url = connection.getURL().toString();
        try {
            if (json != null) {
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(json);
                }
            }
            int status = connection.getResponseCode();
            if (status >= 400) {
                throw refusal(connection, status);
            }
            byte[] body;
            try (InputStream in = connection.getInputStream()) {
                body = in.readAllBytes();
            }
            return new Reply(status, connection.getHeaderFields(), body);
        } catch (IOException e) {
            throw lost(method, url, e);
        }
    }

    /**
     * Opens a long-lived stream (server-sent events): connected, with a 2xx status.
     *
     * @throws CtlFailure for an error status or when no server answers
     */
    HttpURLConnection stream(String path, Map<String, String> headers, Duration readTimeout) {
        HttpURLConnection connection = connect("GET", path, headers, -1, readTimeout);
        try {
            int status = connection.getResponseCode();
            if (status >= 400) {
                throw refusal(connection, status);
            }
            return connection;
        } catch (IOException e) {
            connection.disconnect();
            throw lost("GET", connection.getURL().toString(), e);
        }
    }

    /** The failure for an error status, carrying the problem the server sent. */
    private static CtlFailure refusal(HttpURLConnection connection, int status) throws IOException {
        byte[] body;
        try (InputStream in = connection.getErrorStream()) {
            body = in == null ? new byte[0] : in.readAllBytes();
        }
        return CtlFailure.server(status, Problems.describe(status, connection.getResponseMessage(),
                connection.getContentType(), body));
    }

    /**
     * A connected request to the first server that accepts a connection, starting with the current one.
     *
     * @param bodyLength the length of the JSON body to send, -1 for none
     */
    private HttpURLConnection connect(String method, String path, Map<String, String> headers, int bodyLength,
                                      Duration readTimeout) {
        IOException last = null;
        for (int tried = 0; tried < servers.size(); tried++) {
            String base = servers.get(current);
            try {
                HttpURLConnection connection = (HttpURLConnection) new URL(base + path).openConnection();
                connection.setRequestMethod(method);
                connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
                connection.setReadTimeout((int) readTimeout.toMillis());
                connection.setUseCaches(false);
                connection.setInstanceFollowRedirects(false);
                connection.setRequestProperty("Accept", "application/json, application/problem+json");
                if (token != null) {
                    connection.setRequestProperty("Authorization", "Bearer " + token);
                }
                headers.forEach(connection::setRequestProperty);
                if (bodyLength >= 0) {
                    connection.setDoOutput(true);
                    connection.setFixedLengthStreamingMode(bodyLength);
                    connection.setRequestProperty("Content-Type", "application/json");
                }
                if (tls != null && connection instanceof HttpsURLConnection https) {
                    https.setSSLSocketFactory(tls);
                }
                connection.connect();
                return connection;
            } catch (ConnectException | NoRouteToHostException | UnknownHostException | SocketTimeoutException e) {
                last = e;
                current = (current + 1) % servers.size();
            } catch (IOException e) {
                throw lost(method, base + path, e);
            } catch (IllegalArgumentException e) {
                throw CtlFailure.usage("bad server URL '" + base + "': " + e.getMessage());
            }
        }
        String where = servers.size() == 1 ? servers.get(0) : "any of " + String.join(", ", servers);
        throw CtlFailure.unreachable("cannot reach " + where + ": " + reason(last), last);
    }

    private static CtlFailure lost(String method, String url, IOException e) {
        return CtlFailure.unreachable(method + " " + url + " failed: " + reason(e), e);
    }

    private static String reason(IOException e) {
        if (e == null) {
            return "no answer";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e instanceof SSLException) {
            String message = String.valueOf(e.getMessage());
            boolean wantsCertificate = message.contains("certificate_required") || message.contains("bad_certificate");
            return "TLS: " + message + (wantsCertificate
                    ? " (the server wants a client certificate it trusts: --cert)"
                    : " (is the server's CA the one in --ca?)");
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
