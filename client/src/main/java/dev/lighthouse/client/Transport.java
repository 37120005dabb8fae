package dev.lighthouse.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Sends requests to the cluster's members: the protocol, with an {@link HttpEngine} below to
 * move the bytes. A request goes to the member that answered last; it moves on to the next
 * member only when no connection could be made, so a write is never sent twice. Reads (and
 * anything marked idempotent) also move on after a connection lost mid-way. Every call has a
 * deadline. Thread-safe.
 *
 * <p>A short-lived client sends what it can over {@link UrlConnectionEngine}; PATCH and
 * streams go over {@link JdkClientEngine}, which is built only when first needed (building
 * and first using an {@code HttpClient} costs a fresh JVM about half a second).
 */
final class Transport {

    private final ClientSettings settings;
    private final List<URI> members;
    private final String authorization;
    private final Duration requestTimeout;
    private final HttpEngine oneShot;
    /** Built at once unless the client is short-lived; then when first needed, if ever. */
    private volatile JdkClientEngine jdk;
    /** Made on first use: a raw read needs none, and making one is tens of milliseconds of a start. */
    private volatile ObjectMapper json;
    private volatile int current;

    Transport(ClientSettings settings) {
        this.settings = settings;
        this.members = settings.members();
        this.authorization = settings.token() == null ? null : "Bearer " + settings.token();
        this.requestTimeout = settings.requestTimeout();
        this.oneShot = settings.shortLived() ? new UrlConnectionEngine(settings) : null;
        this.jdk = settings.shortLived() ? null : new JdkClientEngine(settings);
    }

    private HttpEngine engineFor(String method) {
        return oneShot != null && UrlConnectionEngine.carries(method) ? oneShot : jdk();
    }

    private JdkClientEngine jdk() {
        JdkClientEngine built = jdk;
        if (built == null) {
            synchronized (this) {
                if (jdk == null) {
                    jdk = new JdkClientEngine(settings);
                }
                built = jdk;
            }
        }
        return built;
    }

    ObjectMapper json() {
        ObjectMapper made = json;
        if (made == null) {
            synchronized (this) {
                if (json == null) {
                    json = Json.mapper();
                }
                made = json;
            }
        }
        return made;
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
        HttpEngine engine = engineFor(request.method());
        IOException last = null;
        for (int tried = 0; tried < members.size(); tried++) {
            URI base = member();
            Reply reply;
            try {
                reply = engine.exchange(request.method(), URI.create(base + request.path()), headers(request),
                        request.body(), timeout);
            } catch (HttpEngine.NotConnected e) {
                last = e.getCause() instanceof IOException cause ? cause : e;
                moveOn(base);
                continue;
            } catch (HttpEngine.TimedOut e) {
                throw timedOut(request, base, timeout, e);
            } catch (IOException e) {
                if (!request.idempotent()) {
                    throw lost(request, base, e);
                }
                last = e;
                moveOn(base);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException("interrupted while waiting for " + request.describe(base), 0,
                        "interrupted", null, outcomeOfLost(request), e);
            }
            if (reply.status() >= 400) {
                throw Problems.of(reply.status(), reply.header("Content-Type"), reply.body(), json());
            }
            return reply;
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
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Accept", "text/event-stream");
        if (authorization != null) {
            all.put("Authorization", authorization);
        }
        HttpResponse<Stream<String>> response = jdk().lines(URI.create(base + path), all);
        if (response.statusCode() >= 400) {
            String body;
            try (Stream<String> lines = response.body()) {
                body = String.join("\n", lines.limit(100).toList());
            }
            throw Problems.of(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    body.getBytes(java.nio.charset.StandardCharsets.UTF_8), json());
        }
        return response;
    }

    /** What every request carries, then its own headers. */
    private Map<String, String> headers(Request request) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Accept", "application/json, application/problem+json");
        if (request.body() != null) {
            all.put("Content-Type", request.contentType());
        }
        all.putAll(request.headers());
        if (authorization != null) {
            all.put("Authorization", authorization);
        }
        return all;
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
