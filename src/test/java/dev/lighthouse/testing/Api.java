package dev.lighthouse.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.config.SSLConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.apache.http.conn.ssl.SSLSocketFactory;

/**
 * The tests' HTTP client: REST Assured requests against a node, in this JVM ({@link TestServer})
 * or a {@code bin/lighthouse} process ({@link ServerProcess}), both reached through
 * {@link Endpoint#http()}; plus what tests repeat over it: the lock-edit-commit dance, reading
 * the current version, and the checks of problem bodies and "nothing changed".
 *
 * <p>Two things it cannot do have their own helpers: {@link RawHttp} sends bytes no client
 * would (malformed requests, raw framing), and {@link EventStreamClient} reads an event stream
 * while it is still arriving. Request bodies given as text are sent as UTF-8; reply bodies are
 * read as UTF-8 by {@link #text}. Every request is independent (a connection of its own), so
 * any thread may send one.
 */
public final class Api {

    public static final String JSON = "application/json";
    public static final String MERGE = "application/merge-patch+json";
    public static final String JSON_PATCH = "application/json-patch+json";
    public static final String PROBLEM = "application/problem+json";
    public static final Pattern CHECKSUM = Pattern.compile("sha256:[0-9a-f]{64}");

    /** Order-preserving, exact-number JSON reading, strict about duplicates. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /**
     * REST Assured's defaults but for two things. Bodies given as text are UTF-8, as the API
     * requires, and the Content-Type goes out as the test wrote it (REST Assured would label
     * types it does not know as ISO-8859-1). A node that does not answer (stopped, paused, or
     * hung by a bug) fails the request instead of hanging the build; the bound is generous
     * enough for every wait a test asks a node for, which the tests themselves bound to 20 s.
     */
    private static final RestAssuredConfig CONFIG = RestAssuredConfig.config()
            .encoderConfig(EncoderConfig.encoderConfig().defaultContentCharset(StandardCharsets.UTF_8)
                    .appendDefaultContentCharsetToContentTypeIfUndefined(false))
            .httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.connection.timeout", 5_000)
                    .setParam("http.socket.timeout", 30_000));

    private Api() {
    }

    /**
     * A request to the server at {@code baseUrl} ({@code http://host:port}); paths are sent as
     * given, not percent-encoded again.
     */
    public static RequestSpecification at(String baseUrl) {
        URI uri = URI.create(baseUrl);
        return RestAssured.given().config(CONFIG).baseUri(uri.getScheme() + "://" + uri.getHost())
                .port(uri.getPort()).urlEncodingEnabled(false);
    }

    /**
     * As {@link #at(String)} for an {@code https://} URL, trusting what {@code tls} trusts and
     * presenting its client certificate if it holds one; the server's name is verified.
     */
    @SuppressWarnings("deprecation") // REST Assured takes HttpClient 4's socket factory
    public static RequestSpecification at(String baseUrl, SSLContext tls) {
        SSLSocketFactory sockets = new SSLSocketFactory(tls, SSLSocketFactory.STRICT_HOSTNAME_VERIFIER);
        return at(baseUrl).config(CONFIG.sslConfig(SSLConfig.sslConfig().sslSocketFactory(sockets)));
    }

    /** Sends a request with an optional body (as UTF-8) and Content-Type; the reply, whatever its status. */
    public static Response send(Endpoint server, String method, String target, String contentType, String body) {
        return send(server.http(), method, target, contentType, body);
    }

    /** As {@link #send(Endpoint, String, String, String, String)}, from a request already begun. */
    public static Response send(RequestSpecification request, String method, String target, String contentType,
                                String body) {
        if (contentType != null) {
            request.contentType(contentType);
        }
        if (body != null) {
            request.body(body.getBytes(StandardCharsets.UTF_8));
        }
        return request.request(method, target);
    }

    private static Response ok(Endpoint server, String method, String target, String contentType, String body) {
        Response reply = send(server, method, target, contentType, body);
        assertEquals(200, reply.statusCode(), () -> method + " " + target + " " + (body == null ? "" : body) + ": "
                + text(reply));
        return reply;
    }

    /** A version as {@code GET /version} reports it. */
    public record Ver(long seq, String checksum, String timestamp) {
    }

    public static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    public static JsonNode json(Response response) {
        return json(text(response));
    }

    /** The reply's body as UTF-8, whatever charset its Content-Type names or omits. */
    public static String text(Response response) {
        return new String(response.asByteArray(), StandardCharsets.UTF_8);
    }

    /**
     * A canonical text of a JSON value that keeps member order and number
     * literals, so two texts are equal exactly when the values are the same
     * JSON with the same key order (formatting aside).
     */
    public static String canonical(String json) {
        try {
            return MAPPER.writeValueAsString(json(json));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void assertSameJson(String expected, String actual) {
        assertEquals(canonical(expected), canonical(actual), "JSON (member order included)");
    }

    public static Ver version(Endpoint server) {
        JsonNode v = json(ok(server, "GET", "/version", null, null));
        return new Ver(v.get("seq").asLong(), v.get("checksum").asText(), v.get("timestamp").asText());
    }

    public static String data(Endpoint server, String path) {
        return text(ok(server, "GET", "/data/" + path, null, null));
    }

    public static JsonNode lockState(Endpoint server) {
        return json(ok(server, "GET", "/lock", null, null));
    }

    public static Response lock(Endpoint server, String body) {
        return server.http().contentType(JSON).body(body.getBytes(StandardCharsets.UTF_8)).put("/lock");
    }

    public static JsonNode acquire(Endpoint server, String name) {
        return acquire(server, "{\"name\":\"" + name + "\",\"locked\":true}", name);
    }

    public static JsonNode acquire(Endpoint server, String body, String name) {
        JsonNode lock = json(ok(server, "PUT", "/lock", JSON, body));
        assertEquals(name, lock.get("name").asText());
        return lock;
    }

    /** Aborts whatever lock is held, under whatever name, so the next test starts with the lock free. */
    public static void freeLock(Endpoint server) {
        JsonNode lock = lockState(server);
        if (lock.get("locked").asBoolean()) {
            String name = URLEncoder.encode(lock.get("name").asText(), StandardCharsets.UTF_8).replace("+", "%20");
            ok(server, "DELETE", "/lock?name=" + name, null, null);
        }
    }

    /** Aborts the lock {@code name} if it is held; any other state is left alone. */
    public static void abortIfHeld(Endpoint server, String name) {
        send(server, "DELETE", "/lock?name=" + name, null, null);
    }

    public static Response stage(Endpoint server, String name, String path, String value) {
        return server.http().contentType(JSON).body(value.getBytes(StandardCharsets.UTF_8))
                .put("/update/" + name + "/" + path);
    }

    public static JsonNode stageOk(Endpoint server, String name, String path, String value) {
        return json(ok(server, "PUT", "/update/" + name + "/" + path, JSON, value));
    }

    /** GET /update/N/path, which must succeed. */
    public static String staged(Endpoint server, String name, String path) {
        return text(ok(server, "GET", "/update/" + name + "/" + path, null, null));
    }

    public static Response commit(Endpoint server, String name) {
        return lock(server, "{\"name\":\"" + name + "\",\"locked\":false}");
    }

    /** Commits and returns the {@code committed} member (JSON null when nothing changed). */
    public static JsonNode commitOk(Endpoint server, String name) {
        JsonNode reply = json(ok(server, "PUT", "/lock", JSON, "{\"name\":\"" + name + "\",\"locked\":false}"));
        assertFalse(reply.get("locked").asBoolean());
        return reply.get("committed");
    }

    /** Replaces the whole document through lock, PUT /update/N/ and commit; returns the version holding it. */
    public static Ver commitDocument(Endpoint server, String document) {
        acquire(server, "setup");
        stageOk(server, "setup", "", document);
        JsonNode committed = commitOk(server, "setup");
        Ver current = version(server);
        if (!committed.isNull()) {
            assertEquals(committed.get("seq").asLong(), current.seq());
        }
        assertEquals(canonical(document), canonical(data(server, "")));
        return current;
    }

    public static Response patch(Endpoint server, String path, String contentType, String body) {
        return server.http().contentType(contentType).body(body.getBytes(StandardCharsets.UTF_8))
                .patch("/data/" + path);
    }

    public static JsonNode patchOk(Endpoint server, String path, String contentType, String body) {
        return json(ok(server, "PATCH", "/data/" + path, contentType, body)).get("committed");
    }

    /** An RFC 9457 problem: the status, the media type, and type/title/status/detail members. */
    public static JsonNode assertProblem(Response r, int status, String type) {
        String body = text(r);
        assertEquals(status, r.statusCode(), () -> "status of reply " + body);
        return assertProblemBody(r.contentType(), body, status, type);
    }

    public static JsonNode assertProblem(RawHttp.Reply r, int status, String type) {
        assertEquals(status, r.status(), () -> "status of reply " + r.text());
        return assertProblemBody(r.header("Content-Type"), r.text(), status, type);
    }

    private static JsonNode assertProblemBody(String contentType, String body, int status, String type) {
        assertNotNull(contentType, "problem replies carry a Content-Type");
        assertTrue(contentType.startsWith(PROBLEM), () -> "Content-Type " + contentType + " for " + body);
        JsonNode problem = json(body);
        assertEquals(status, problem.path("status").asInt(), body);
        assertTrue(problem.path("title").isTextual() && !problem.get("title").asText().isEmpty(), body);
        assertTrue(problem.path("detail").isTextual() && !problem.get("detail").asText().isEmpty(), body);
        assertTrue(problem.path("type").isTextual(), body);
        if (type != null) {
            assertTrue(problem.get("type").asText().endsWith("/" + type), () -> "problem type in " + body);
        }
        assertFalse(body.contains("Exception") || body.contains("\tat "), () -> "no stack traces: " + body);
        return problem;
    }

    /** The node's own request metrics count no 5xx reply since it started. */
    public static void assertNo5xx(Endpoint server) {
        String metrics = text(ok(server, "GET", "/metrics", null, null));
        assertTrue(metrics.contains("lighthouse_http_request_duration_seconds_count{"), "request metrics are kept");
        for (String line : metrics.split("\n")) {
            assertFalse(line.contains("status=\"5xx\"") && !line.startsWith("#"), () -> "a 5xx was served: " + line);
        }
    }

    /** The stored data did not move: same seq and checksum as {@code before}. */
    public static void assertUnchanged(Endpoint server, Ver before) {
        Ver now = version(server);
        assertEquals(before.seq(), now.seq(), "seq must not change");
        assertEquals(before.checksum(), now.checksum(), "checksum must not change");
    }
}
