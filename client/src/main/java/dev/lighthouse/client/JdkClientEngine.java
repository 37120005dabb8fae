package dev.lighthouse.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Requests over one JDK {@link HttpClient}: any method, and streams read line by line while they
 * last (server-sent events). HTTP/1.1, no redirects followed. Thread-safe.
 */
final class JdkClientEngine implements HttpEngine {

    private final HttpClient http;

    JdkClientEngine(ClientSettings settings) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (settings.tls() != null) {
            builder.sslContext(settings.tls());
        } else if (settings.members().stream().noneMatch(member -> "https".equals(member.getScheme()))) {
            // Plain http only: spare the JDK's default TLS set-up (its trust store is read at
            // once), a tenth of a second a command-line start would pay for nothing.
            builder.sslContext(noTls()).sslParameters(new SSLParameters());
        }
        this.http = builder.build();
    }

    private static SSLContext noTls() {
        try {
            return SSLContext.getInstance("TLS"); // never initialised: no https member uses it
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has TLS", e);
        }
    }

    @Override
    public Reply exchange(String method, URI url, Map<String, String> headers, byte[] body, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(timeout);
        headers.forEach(request::header);
        HttpResponse<byte[]> response = send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(response.statusCode(), response.headers().map(), response.body());
    }

    /** A GET whose body is read line by line as it arrives; the caller closes the lines. */
    HttpResponse<Stream<String>> lines(URI url, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET();
        headers.forEach(request::header);
        return send(request.build(), HttpResponse.BodyHandlers.ofLines());
    }

    /** Sends, with the JDK's failures sorted into the kinds {@link HttpEngine} names. */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        try {
            return http.send(request, handler);
        } catch (HttpConnectTimeoutException | ConnectException | UnknownHostException e) {
            throw new NotConnected(e);
        } catch (HttpTimeoutException e) {
            throw new TimedOut(e);
        } catch (UnresolvedAddressException e) {
            throw new NotConnected(new UnknownHostException(request.uri().getHost()));
        }
    }
}
