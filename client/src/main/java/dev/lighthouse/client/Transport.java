package dev.lighthouse.client;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Sends requests to the cluster's members over one {@link HttpClient}. A request goes to the
 * member that answered last; it moves on to the next member only when no connection could be
 * made, so a write is never sent twice. Reads (and anything marked idempotent) also move on
 * after a connection lost mid-way. Every call has a deadline. Thread-safe.
 */
final class Transport {

    private final List<URI> members;
    private final String authorization;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final ObjectMapper json;
    private volatile int current;

    Transport(ClientSettings settings, ObjectMapper json) {
        this.members = settings.members();
        this.authorization = settings.token() == null ? null : "Bearer " + settings.token();
        this.requestTimeout = settings.requestTimeout();
        this.json = json;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (settings.tls() != null) {
            builder.sslContext(settings.tls());
        } else if (members.stream().noneMatch(member -> "https".equals(member.getScheme()))) {
            // Plain http only: spare the JDK's default TLS set-up (its trust store is read at
            // once), a tenth of a second a command-line start would pay for nothing.
            builder.sslContext(noTls()).sslParameters(new javax.net.ssl.SSLParameters());
        }
        this.http = builder.build();
    }

    private static javax.net.ssl.SSLContext noTls() {
        try {
            return javax.net.ssl.SSLContext.getInstance("TLS"); // never initialised: no https member uses it
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has TLS", e);
        }
    }

    ObjectMapper json() {
        return json;
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    /** The member the next request goes to first. */
    URI member() {
        return members.get(current);
    }

    /** Moves the next request to another member, for a stream that lost the one it followed. */
    void moveOn(URI from) {
        int at = members.indexOf(from);
        if (at == current) {
            current = (at + 1) % members.size();
        }
    }

    /**
     * Sends one request and reads the whole reply.
     *
     * @param timeout how long the server may take (longer than any wait the request asks for)
     * @throws LighthouseException the server's refusal, or {@link UnavailableException} when no member answered
     */
    Reply send(Request request, Duration timeout) {
        IOException last = null;
        for (int tried = 0; tried < members.size(); tried++) {
            URI base = member();
            HttpResponse<byte[]> response;
            try {
                response = http.send(build(base, request, timeout), HttpResponse.BodyHandlers.ofByteArray());
            } catch (HttpConnectTimeoutException | ConnectException | UnknownHostException e) {
                last = e;
                moveOn(base);
                continue;
            } catch (HttpTimeoutException e) {
                throw timedOut(request, base, timeout, e);
            } catch (IOException e) {
                if (!request.idempotent()) {
                    throw lost(request, base, e);
                }
                last = e;
                moveOn(base);
                continue;
            } catch (UnresolvedAddressException e) {
                last = new UnknownHostException(base.getHost());
                moveOn(base);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException("interrupted while waiting for " + request.describe(base), 0,
                        "interrupted", null, outcomeOfLost(request), e);
            }
            if (response.statusCode() >= 400) {
                throw Problems.of(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                        response.body(), json);
            }
            return new Reply(response.statusCode(), response.headers(), response.body());
        }
        throw unreachable(last);
    }

    Reply send(Request request) {
        return send(request, requestTimeout);
    }

    /**
     * Opens a stream of lines (server-sent events) on the current member, connected and with a
     * 2xx status; the caller reads and closes it.
     */
    HttpResponse<Stream<String>> stream(URI base, String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).GET()
                .header("Accept", "text/event-stream");
        headers.forEach(builder::header);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpResponse<Stream<String>> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() >= 400) {
            String body;
            try (Stream<String> lines = response.body()) {
                body = String.join("\n", lines.limit(100).toList());
            }
            throw Problems.of(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    body.getBytes(java.nio.charset.StandardCharsets.UTF_8), json);
        }
        return response;
    }

    private HttpRequest build(URI base, Request request, Duration timeout) {
        HttpRequest.BodyPublisher body = request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body());
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + request.path()))
                .method(request.method(), body)
                .timeout(timeout)
                .header("Accept", "application/json, application/problem+json");
        if (request.body() != null) {
            builder.header("Content-Type", request.contentType());
        }
        request.headers().forEach(builder::header);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder.build();
    }

    private UnavailableException unreachable(IOException last) {
        String where = members.size() == 1 ? members.get(0).toString() : "any of " + members;
        String why = last == null ? "no answer" : last instanceof UnknownHostException
                ? "unknown host " + last.getMessage() : describe(last);
        return new UnavailableException("cannot reach " + where + ": " + why, 0, "unreachable", null,
                LighthouseException.Outcome.NOT_APPLIED, last);
    }

    private static UnavailableException timedOut(Request request, URI base, Duration timeout, IOException e) {
        return new UnavailableException(request.describe(base) + " got no answer within " + timeout.toMillis() + " ms",
                0, "timeout", null, outcomeOfLost(request), e);
    }

    private static UnavailableException lost(Request request, URI base, IOException e) {
        return new UnavailableException(request.describe(base) + " failed: " + describe(e), 0, "unreachable", null,
                outcomeOfLost(request), e);
    }

    /** A write whose reply never came may have been applied; a read changes nothing. */
    private static LighthouseException.Outcome outcomeOfLost(Request request) {
        return request.idempotent() ? LighthouseException.Outcome.NONE : LighthouseException.Outcome.UNKNOWN;
    }

    /** The first message along the causes (the JDK's ConnectException often has none of its own). */
    private static String describe(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && !message.isBlank()) {
                return message;
            }
        }
        return e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName();
    }
}
