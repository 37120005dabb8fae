package dev.lighthouse.http;

import static dev.lighthouse.testing.Api.assertProblem;
import static dev.lighthouse.testing.Api.assertSameJson;
import static dev.lighthouse.testing.Api.json;
import static dev.lighthouse.testing.Api.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lighthouse.config.Limits;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.RawHttp;
import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input limits and hostile input: oversized bodies and paths, deep nesting,
 * duplicate keys, invalid UTF-8, malformed JSON, unknown routes and methods.
 * After every refusal the stored data must be exactly as before and no reply
 * may be a 5xx. Two nodes: one with the default limits, one with small ones.
 */
class LimitsTest {

    static final String DOC = "{\"app\":{\"port\":1},\"list\":[1,2]}";
    static final Limits SMALL = new Limits(1024, 10, 64, 256, Duration.ofHours(1), Duration.ofMinutes(1),
            Duration.ofSeconds(10), 1000, Duration.ofSeconds(15));

    @TempDir
    static Path dir;

    static TestServer server;
    static TestServer small;
    static Api.Ver base;
    static Api.Ver smallBase;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Files.createDirectory(dir.resolve("default")));
        small = TestServer.start(Files.createDirectory(dir.resolve("small")), cfg -> cfg.withLimits(SMALL));
        base = Api.commitDocument(server, DOC);
        smallBase = Api.commitDocument(small, DOC);
    }

    @AfterAll
    static void stop() throws Exception {
        Api.assertNo5xx(server);
        Api.assertNo5xx(small);
        server.close();
        small.close();
    }

    @BeforeEach
    void lockForStaging() {
        Api.acquire(server, "op");
        Api.acquire(small, "op");
    }

    @AfterEach
    void nothingStoredChanged() {
        Api.freeLock(server);
        Api.freeLock(small);
        Api.assertUnchanged(server, base);
        Api.assertUnchanged(small, smallBase);
        Api.assertNo5xx(server);
        Api.assertNo5xx(small);
        assertSameJson(DOC, Api.data(server, ""));
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    /** A JSON string of exactly {@code size} bytes. */
    private static String jsonStringOfSize(int size) {
        return "\"" + "a".repeat(size - 2) + "\"";
    }

    /** An empty JSON array padded with whitespace to exactly {@code size} bytes (no long strings). */
    private static String jsonOfSize(int size) {
        return "[" + " ".repeat(size - 2) + "]";
    }

    private static String nestedArrays(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static String nestedObjects(int depth) {
        return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
    }

    private static int stagedCount(TestServer node) {
        return Api.lockState(node).get("staged").asInt();
    }

    // ---- body size ----

    @Test
    void bodyAtTheLimitIsAcceptedAndOneByteMoreIs413() {
        Api.stageOk(small, "op", "x", jsonOfSize(1024));
        assertProblem(Api.stage(small, "op", "x", jsonOfSize(1025)), 413, "payload-too-large");
        assertEquals(1, stagedCount(small));
    }

    @Test
    void everyBodyTakingRouteHonoursTheLimit() {
        String big = jsonOfSize(4096);
        assertProblem(small.http().contentType(Api.MERGE).body("{\"x\":" + big + "}").patch("/data/"), 413,
                "payload-too-large");
        assertProblem(small.http().contentType(Api.JSON_PATCH)
                .body("[{\"op\":\"add\",\"path\":\"/x\",\"value\":" + big + "}]").patch("/data/"), 413, "payload-too-large");
        assertProblem(small.http().contentType(Api.MERGE).body("{\"x\":" + big + "}").patch("/update/op/"), 413,
                "payload-too-large");
        assertProblem(Api.lock(small, "{\"name\":\"op\",\"locked\":true,\"ttl\":" + big + "}"), 413, "payload-too-large");
        assertEquals(0, stagedCount(small));
    }

    @Test
    void chunkedBodyWithoutContentLengthIsCutOffAtTheLimit() throws Exception {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("PUT /update/op/x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] body = jsonOfSize(2048).getBytes(StandardCharsets.US_ASCII);
        for (int offset = 0; offset < body.length; offset += 512) {
            request.writeBytes(("200\r\n").getBytes(StandardCharsets.US_ASCII));
            request.write(body, offset, 512);
            request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        request.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        RawHttp.Reply reply = RawHttp.exchange(small.port(), request.toByteArray(), false);

        assertProblem(reply, 413, "payload-too-large");
        assertEquals(0, stagedCount(small));
    }

    // ---- nesting depth ----

    @Test
    void nestingOfAThousandIsAcceptedAndCommittable(@TempDir Path own) throws Exception {
        try (TestServer node = TestServer.start(own)) {
            Api.acquire(node, "op");
            Api.stageOk(node, "op", "arrays", nestedArrays(1000));
            Api.stageOk(node, "op", "objects", nestedObjects(1000));
            Response commit = Api.commit(node, "op");
            assertEquals(200, commit.statusCode(), () -> "a value the server accepted must be committable: "
                    + text(commit));
            assertEquals(nestedArrays(1000), Api.data(node, "arrays").trim());
            Api.patchOk(node, "merged", Api.MERGE, nestedObjects(1000));
            Api.Ver before = Api.version(node);
            node.restart();
            Api.assertUnchanged(node, before);
            assertEquals(nestedObjects(1000), Api.data(node, "objects").trim());
        }
    }

    @Test
    void nestingBeyondAThousandIs400() {
        JsonNode problem = assertProblem(Api.stage(server, "op", "x", nestedArrays(1001)), 400, "invalid-input");
        assertEquals("invalid JSON: Document nesting depth (1001) exceeds the maximum allowed (1000)",
                problem.path("detail").asText(), "the limit in numbers, no Java method named");
        assertProblem(Api.stage(server, "op", "x", nestedObjects(1001)), 400, "invalid-input");
        assertProblem(Api.patch(server, "x", Api.MERGE, nestedObjects(1001)), 400, "invalid-input");
        assertEquals(0, stagedCount(server));
    }

    @Test
    void smallerConfiguredLimitsApply() {
        Api.stageOk(small, "op", "ok", nestedArrays(10));
        assertProblem(Api.stage(small, "op", "x", nestedArrays(11)), 400, "invalid-input");
        Api.stageOk(small, "op", "s", jsonStringOfSize(66));
        assertProblem(Api.stage(small, "op", "x", jsonStringOfSize(67)), 400, "invalid-input");
        assertProblem(Api.stage(small, "op", "x", "{" + jsonStringOfSize(67) + ":1}"), 400, "invalid-input");
        assertEquals(2, stagedCount(small));
    }

    @Test
    void numberLiteralsHaveABoundedLength() {
        assertProblem(Api.stage(server, "op", "x", "1".repeat(20_000)), 400, "invalid-input");
        assertEquals(0, stagedCount(server));
    }

    // ---- JSON well-formedness ----

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "{\"a\":1,\"a\":2}",
        "{\"a\":{\"b\":1,\"b\":1}}",
        "[{\"k\":1},{\"k\":1,\"k\":1}]",
        "{\"a\":1,\"\\u0061\":2}",
    })
    void duplicateKeysAre400(String body) {
        assertProblem(Api.stage(server, "op", "x", body), 400, "invalid-input");
        assertProblem(Api.patch(server, "x", Api.MERGE, body.startsWith("{") ? body : "{\"v\":" + body + "}"), 400,
                "invalid-input");
        assertEquals(0, stagedCount(server));
    }

    @Test
    void keysThatDifferOnlyInCaseAreDistinct() {
        Api.stageOk(server, "op", "x", "{\"a\":1,\"A\":2}");
        assertSameJson("{\"a\":1,\"A\":2}", text(server.http().get("/update/op/x")));
    }

    @Test
    void duplicateMembersInLockAndPatchRequestsAre400() {
        assertProblem(Api.lock(server, "{\"name\":\"op\",\"name\":\"other\",\"locked\":true}"), 400, "invalid-input");
        assertProblem(Api.patch(server, "", Api.JSON_PATCH,
                "[{\"op\":\"add\",\"path\":\"/x\",\"path\":\"/y\",\"value\":1}]"), 400, "invalid-input");
        assertEquals("op", json(server.http().get("/lock")).get("name").asText());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", " ", "{", "}", "{\"a\":}", "{\"a\" 1}", "{a:1}", "{'a':1}", "[1,]", "{\"a\":1,}", "[1 2]",
        "01", "1.", ".5", "+1", "NaN", "Infinity", "-", "tru", "nulll", "\"unterminated", "\"bad \\x escape\"",
        "\"tab\tinside\"", "1 2", "{} {}", "/* comment */ 1", "// comment\n1", "\"\\ud800\"", "\"\\udc00x\""})
    void malformedJsonIs400(String body) {
        assertProblem(Api.stage(server, "op", "x", body), 400, "invalid-input");
        assertEquals(0, stagedCount(server));
    }

    // ---- encoding ----

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "lone continuation byte       | 80",
        "FF                           | FF",
        "FE                           | FE",
        "overlong slash (2 bytes)     | C0 AF",
        "overlong (C1)                | C1 BF",
        "overlong slash (3 bytes)     | E0 80 AF",
        "overlong (4 bytes)           | F0 80 80 AF",
        "UTF-16 surrogate, alone      | ED A0 80",
        "CESU-8 surrogate pair        | ED A0 BD ED B8 80",
        "above U+10FFFF               | F4 90 80 80",
        "F5 lead byte                 | F5 80 80 80",
        "5-byte form                  | F8 88 80 80 80",
        "truncated 3-byte sequence    | E2 82",
        "truncated 2-byte at the end  | C3",
    })
    void invalidUtf8InStringsAndKeysIs400(String what, String hex) {
        byte[] invalid = hexBytes(hex);
        byte[] asValue = concat(bytes('"', 'a'), invalid, bytes('"'));
        byte[] asKey = concat(bytes('{', '"'), invalid, bytes('"', ':', '1', '}'));
        for (byte[] body : List.of(asValue, asKey)) {
            Response r = server.http().contentType(Api.JSON).body(body).put("/update/op/x");
            assertProblem(r, 400, "invalid-input");
        }
        assertEquals(0, stagedCount(server), what);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE"})
    void bodiesInOtherUnicodeEncodingsAre400(String charset) {
        byte[] body = "{\"a\":\"b\"}".getBytes(java.nio.charset.Charset.forName(charset));
        assertProblem(server.http().contentType(Api.JSON).body(body).put("/update/op/x"), 400, "invalid-input");
        assertEquals(0, stagedCount(server));
    }

    @Test
    void validMultiByteUtf8RoundTripsExactly() {
        byte[] valid = "{\"€\":\"😀 ü \u4e2d \\u00e9\"}".getBytes(StandardCharsets.UTF_8);
        server.http().contentType(Api.JSON).body(valid).put("/update/op/x").then().statusCode(200);
        Response read = server.http().get("/update/op/x");
        assertEquals("😀 ü \u4e2d é", json(read).get("€").asText());
        assertArrayEquals("😀 ü \u4e2d é".getBytes(StandardCharsets.UTF_8),
                json(read).get("€").asText().getBytes(StandardCharsets.UTF_8));
    }

    // ---- paths ----

    /** Raw sockets here: the limits are on the request target's exact length in bytes. */
    @Test
    void pathOverEightKibIs414AndAtTheLimitIsNot() throws Exception {
        String prefix = "/data/";
        String atLimit = prefix + "a".repeat(8192 - prefix.length());
        assertProblem(RawHttp.send(server.port(), "GET", atLimit), 404, "not-found");
        assertProblem(RawHttp.send(server.port(), "GET", atLimit + "a"), 414, "uri-too-long");
        String longKey = "k".repeat(8200);
        assertProblem(RawHttp.send(server.port(), "PUT", "/update/op/" + longKey, Api.JSON, bytes('1')), 414,
                "uri-too-long");
        assertProblem(RawHttp.send(server.port(), "PATCH", "/data/" + longKey, Api.MERGE, bytes('{', '}')), 414,
                "uri-too-long");
        assertProblem(RawHttp.send(server.port(), "GET", "/versions/0/data/" + longKey), 414, "uri-too-long");
        assertProblem(RawHttp.send(server.port(), "GET", "/data/" + "k".repeat(40_000)), 414, null);
        assertEquals(0, stagedCount(server));
    }

    @Test
    void configuredPathLimitApplies() throws Exception {
        assertProblem(RawHttp.send(small.port(), "GET", "/data/" + "a".repeat(250)), 404, "not-found");
        assertProblem(RawHttp.send(small.port(), "GET", "/data/" + "a".repeat(251)), 414, "uri-too-long");
    }

    // ---- routes and methods ----

    @ParameterizedTest(name = "GET {0} -> 404")
    @ValueSource(strings = {"/", "/nope", "/datax", "/data2/x", "/versions/1", "/versions/1/diff", "/update", "/update/",
        "/lock/x", "/cluster/x"})
    void unknownRoutesAre404Problems(String target) {
        assertProblem(server.http().get(target), 404, "not-found");
    }

    @ParameterizedTest(name = "{0} {1} -> 405")
    @CsvSource({"POST, /data/", "PUT, /data/x", "DELETE, /data/x", "POST, /lock", "PATCH, /lock", "DELETE, /version",
        "POST, /versions", "PUT, /versions/0/data/", "POST, /update/op/x", "PUT, /health"})
    void wrongMethodsAre405ProblemsWithAllow(String method, String target) {
        Response reply = Api.send(server, method, target, Api.JSON, "{}");
        assertProblem(reply, 405, "method-not-allowed");
        assertNotNull(reply.header("Allow"), "405 names the allowed methods");
        assertFalse(reply.header("Allow").contains(method), reply.header("Allow"));
    }

    // ---- a bounded fuzz: no input may produce a 5xx or change stored data ----

    @Test
    void mangledRequestsNeverProduceA5xx() throws Exception {
        Random random = new Random(20261122L);
        List<String> seeds = List.of(DOC, "[{\"op\":\"add\",\"path\":\"/x\",\"value\":[1,{\"y\":null}]}]",
                "{\"name\":\"op\",\"locked\":true,\"ttl\":\"5m\"}", "\"text\"", "[1,2.5e3,-0,true,false,null]");
        List<String> targets = List.of("/update/op/x", "/update/op/", "/update/op/list/-", "/update/op/a%2Fb",
                "/update/op/list/7");
        Set<Integer> expected = Set.of(200, 400, 404, 409, 413, 414, 415);
        for (int i = 0; i < 150; i++) {
            byte[] body = mangle(seeds.get(random.nextInt(seeds.size())).getBytes(StandardCharsets.UTF_8), random);
            String target = mangleTarget(targets.get(random.nextInt(targets.size())), random);
            String method = List.of("PUT", "PATCH").get(random.nextInt(2));
            String type = method.equals("PUT") ? Api.JSON : List.of(Api.MERGE, Api.JSON_PATCH).get(random.nextInt(2));
            RawHttp.Reply reply = RawHttp.send(server.port(), method, target, type, body);
            int request = i;
            assertTrue(expected.contains(reply.status()), () -> "request " + request + " " + method + " " + target
                    + " " + new String(body, StandardCharsets.ISO_8859_1) + " -> " + reply.status() + " " + reply.text());
            if (reply.status() >= 400) {
                assertProblem(reply, reply.status(), null);
            }
        }
        assertEquals(200, server.http().delete("/lock?name=op").statusCode());
        for (int i = 0; i < 50; i++) {
            byte[] body = mangle(seeds.get(random.nextInt(seeds.size())).getBytes(StandardCharsets.UTF_8), random);
            RawHttp.Reply reply = RawHttp.send(server.port(), "PUT", "/lock", Api.JSON, body);
            assertTrue(reply.status() < 500, () -> "PUT /lock " + new String(body, StandardCharsets.ISO_8859_1)
                    + " -> " + reply.status() + " " + reply.text());
            Api.freeLock(server);
        }
    }

    private static byte[] mangle(byte[] seed, Random random) {
        byte[] out = seed.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && out.length > 0; e++) {
            int at = random.nextInt(out.length);
            switch (random.nextInt(4)) {
                case 0 -> out[at] = (byte) random.nextInt(256);
                case 1 -> out = java.util.Arrays.copyOf(out, at);
                case 2 -> out = concat(java.util.Arrays.copyOf(out, at), bytes("{}[]\",:\\".charAt(random.nextInt(8))),
                        java.util.Arrays.copyOfRange(out, at, out.length));
                default -> out = concat(out, java.util.Arrays.copyOfRange(out, 0, at));
            }
        }
        return out;
    }

    private static String mangleTarget(String target, Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> target + "/%" + Integer.toHexString(random.nextInt(256));
            case 1 -> target + "/" + random.nextInt();
            case 2 -> target.replace("x", "%" + String.format("%02X", random.nextInt(256)));
            default -> target;
        };
    }

    private static byte[] hexBytes(String hex) {
        String[] parts = hex.trim().split("\\s+");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
