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
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Small client-side helpers over the HTTP API for the tests:
 * the lock-edit-commit dance, reading the current version, and checks that
 * every test repeats (problem bodies, "nothing changed").
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
     * For set-up and bookkeeping calls (taking the lock, committing fixtures, reading the
     * version): the JDK client with keep-alive costs a fraction of a REST Assured request.
     * The requests a test is about go through REST Assured or {@link RawHttp}.
     */
    private static final HttpClient PLUMBING = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Api() {
    }

    /** A reply from the plumbing client. */
    public record Reply(int status, String body) {
        public JsonNode json() {
            return Api.json(body);
        }
    }

    public static Reply send(TestServer server, String method, String target, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + target))
                .timeout(Duration.ofSeconds(30));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8)));
        try {
            HttpResponse<byte[]> response = PLUMBING.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + target, e);
        }
    }

    private static Reply ok(TestServer server, String method, String target, String contentType, String body) {
        Reply reply = send(server, method, target, contentType, body);
        assertEquals(200, reply.status(), () -> method + " " + target + " " + (body == null ? "" : body) + ": "
                + reply.body());
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

    public static Ver version(TestServer server) {
        JsonNode v = ok(server, "GET", "/version", null, null).json();
        return new Ver(v.get("seq").asLong(), v.get("checksum").asText(), v.get("timestamp").asText());
    }

    public static String data(TestServer server, String path) {
        return ok(server, "GET", "/data/" + path, null, null).body();
    }

    public static JsonNode lockState(TestServer server) {
        return ok(server, "GET", "/lock", null, null).json();
    }

    public static Response lock(TestServer server, String body) {
        return server.http().contentType(JSON).body(body.getBytes(StandardCharsets.UTF_8)).put("/lock");
    }

    public static JsonNode acquire(TestServer server, String name) {
        return acquire(server, "{\"name\":\"" + name + "\",\"locked\":true}", name);
    }

    public static JsonNode acquire(TestServer server, String body, String name) {
        JsonNode lock = ok(server, "PUT", "/lock", JSON, body).json();
        assertEquals(name, lock.get("name").asText());
        return lock;
    }

    /** Aborts whatever lock is held, under whatever name, so the next test starts with the lock free. */
    public static void freeLock(TestServer server) {
        JsonNode lock = lockState(server);
        if (lock.get("locked").asBoolean()) {
            String name = URLEncoder.encode(lock.get("name").asText(), StandardCharsets.UTF_8).replace("+", "%20");
            ok(server, "DELETE", "/lock?name=" + name, null, null);
        }
    }

    /** Aborts the lock {@code name} if it is held; any other state is left alone. */
    public static void abortIfHeld(TestServer server, String name) {
        send(server, "DELETE", "/lock?name=" + name, null, null);
    }

    public static Response stage(TestServer server, String name, String path, String value) {
        return server.http().contentType(JSON).body(value.getBytes(StandardCharsets.UTF_8))
                .put("/update/" + name + "/" + path);
    }

    public static JsonNode stageOk(TestServer server, String name, String path, String value) {
        return ok(server, "PUT", "/update/" + name + "/" + path, JSON, value).json();
    }

    /** GET /update/N/path, which must succeed. */
    public static String staged(TestServer server, String name, String path) {
        return ok(server, "GET", "/update/" + name + "/" + path, null, null).body();
    }

    public static Response commit(TestServer server, String name) {
        return lock(server, "{\"name\":\"" + name + "\",\"locked\":false}");
    }

    /** Commits and returns the {@code committed} member (JSON null when nothing changed). */
    public static JsonNode commitOk(TestServer server, String name) {
        JsonNode reply = ok(server, "PUT", "/lock", JSON, "{\"name\":\"" + name + "\",\"locked\":false}").json();
        assertFalse(reply.get("locked").asBoolean());
        return reply.get("committed");
    }

    /** Replaces the whole document through lock, PUT /update/N/ and commit; returns the version holding it. */
    public static Ver commitDocument(TestServer server, String document) {
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

    public static Response patch(TestServer server, String path, String contentType, String body) {
        return server.http().contentType(contentType).body(body.getBytes(StandardCharsets.UTF_8))
                .patch("/data/" + path);
    }

    public static JsonNode patchOk(TestServer server, String path, String contentType, String body) {
        return ok(server, "PATCH", "/data/" + path, contentType, body).json().get("committed");
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
    public static void assertNo5xx(TestServer server) {
        String metrics = ok(server, "GET", "/metrics", null, null).body();
        assertTrue(metrics.contains("lighthouse_http_request_duration_seconds_count{"), "request metrics are kept");
        for (String line : metrics.split("\n")) {
            assertFalse(line.contains("status=\"5xx\"") && !line.startsWith("#"), () -> "a 5xx was served: " + line);
        }
    }

    /** The stored data did not move: same seq and checksum as {@code before}. */
    public static void assertUnchanged(TestServer server, Ver before) {
        Ver now = version(server);
        assertEquals(before.seq(), now.seq(), "seq must not change");
        assertEquals(before.checksum(), now.checksum(), "checksum must not change");
    }
}
