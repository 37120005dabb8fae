package dev.lighthouse.http;

import static dev.lighthouse.testing.Api.assertProblem;
import static dev.lighthouse.testing.Api.assertSameJson;
import static dev.lighthouse.testing.Api.json;
import static dev.lighthouse.testing.Api.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.MutableClock;
import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /version}, {@code /versions}, old values and RFC 6902 diffs between versions. */
class VersionsApiTest {

    static final Instant T0 = Instant.parse("2030-06-01T12:00:00Z");

    @TempDir
    Path dataDir;

    @Test
    void versionOfAnEmptyStoreAndAfterCommits() throws Exception {
        MutableClock clock = new MutableClock(T0);
        try (TestServer server = TestServer.start(dataDir, cfg -> cfg.withClock(clock))) {
            Response empty = server.http().get("/version");
            assertEquals(200, empty.statusCode());
            JsonNode zero = json(empty);
            assertEquals(List.of("seq", "checksum", "timestamp"), fieldNames(zero));
            assertEquals(0, zero.get("seq").asLong());
            assertTrue(Api.CHECKSUM.matcher(zero.get("checksum").asText()).matches());
            Instant.parse(zero.get("timestamp").asText());

            clock.advance(Duration.ofMinutes(3));
            JsonNode committed = Api.patchOk(server, "", Api.MERGE, "{\"a\":1}");
            JsonNode one = json(server.http().get("/version"));
            assertEquals(1, one.get("seq").asLong());
            assertEquals(committed.get("checksum").asText(), one.get("checksum").asText());
            assertNotEquals(zero.get("checksum").asText(), one.get("checksum").asText());
            assertEquals(T0.plus(Duration.ofMinutes(3)), Instant.parse(one.get("timestamp").asText()));
            assertTrue(one.get("timestamp").asText().endsWith("Z"), "UTC");
        }
    }

    @Test
    void versionsListsNewestFirstWithLockAndChangedPaths() throws Exception {
        MutableClock clock = new MutableClock(T0);
        try (TestServer server = TestServer.start(dataDir, cfg -> cfg.withClock(clock))) {
            clock.advance(Duration.ofSeconds(1));
            JsonNode first = Api.patchOk(server, "", Api.MERGE, "{\"a\":{\"b\":1},\"c\":[1,2]}");
            clock.advance(Duration.ofSeconds(1));
            Api.acquire(server, "deployer");
            Api.stageOk(server, "deployer", "a/b", "2");
            Api.stageOk(server, "deployer", "c/-", "3");
            Api.stageOk(server, "deployer", "d", "true");
            JsonNode second = Api.commitOk(server, "deployer");
            clock.advance(Duration.ofSeconds(1));
            JsonNode third = Api.patchOk(server, "", Api.JSON_PATCH, "[{\"op\":\"remove\",\"path\":\"/d\"}]");

            JsonNode versions = json(server.http().get("/versions"));

            assertTrue(versions.isArray(), "a bare array");
            List<JsonNode> commits = List.of(third, second, first);
            List<String> locks = List.of("patch", "deployer", "patch");
            for (int i = 0; i < 3; i++) {
                JsonNode entry = versions.get(i);
                assertEquals(List.of("seq", "checksum", "timestamp", "lock", "by", "changed"), fieldNames(entry));
                assertTrue(entry.get("by").isNull(), "without access control nobody is named");
                assertEquals(3 - i, entry.get("seq").asLong());
                assertEquals(commits.get(i).get("checksum").asText(), entry.get("checksum").asText());
                assertEquals(T0.plusSeconds(3 - i), Instant.parse(entry.get("timestamp").asText()));
                assertEquals(locks.get(i), entry.get("lock").asText());
                assertEquals(commits.get(i).get("changed"), entry.get("changed"));
            }
            assertEquals(Set.of("/a/b", "/c/2", "/d"), Set.copyOf(LockApiTest.strings(versions.get(1).get("changed"))));
            assertEquals(List.of("/d"), LockApiTest.strings(versions.get(0).get("changed")));

            JsonNode two = json(server.http().get("/versions?limit=2"));
            assertEquals(2, two.size());
            assertEquals(3, two.get(0).get("seq").asLong());
            assertEquals(2, two.get(1).get("seq").asLong());
            assertEquals(1, json(server.http().get("/versions?limit=1")).size());
            assertChangedPathsReallyChanged(server, 2);
            assertChangedPathsReallyChanged(server, 3);
        }
    }

    /** Every pointer in {@code changed} of version {@code seq} names a value that differs from {@code seq - 1}. */
    private static void assertChangedPathsReallyChanged(TestServer server, long seq) {
        JsonNode versions = json(server.http().get("/versions?limit=1000"));
        JsonNode changed = null;
        for (JsonNode v : versions) {
            if (v.get("seq").asLong() == seq) {
                changed = v.get("changed");
            }
        }
        assertTrue(changed != null && changed.size() > 0, "version " + seq + " lists what changed");
        for (JsonNode pointer : changed) {
            String url = urlPath(pointer.asText());
            Response before = server.http().get("/versions/" + (seq - 1) + "/data/" + url);
            Response after = server.http().get("/versions/" + seq + "/data/" + url);
            boolean same = before.statusCode() == 200 && after.statusCode() == 200
                    && Api.canonical(text(before)).equals(Api.canonical(text(after)));
            assertFalse(same, () -> pointer + " is listed as changed in " + seq + " but holds the same value");
        }
    }

    /** An RFC 6901 pointer as a /data URL path: segments unescaped, then percent-encoded. */
    static String urlPath(String pointer) {
        List<String> parts = new ArrayList<>();
        for (String token : pointer.substring(1).split("/", -1)) {
            String key = token.replace("~1", "/").replace("~0", "~");
            parts.add(URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return String.join("/", parts);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void defaultLimitIsAHundredAndLimitRaisesIt() throws Exception {
        try (TestServer server = TestServer.start(dataDir, cfg -> cfg.withRetain(150))) {
            for (int i = 1; i <= 101; i++) {
                Api.patchOk(server, "", Api.MERGE, "{\"n\":" + i + "}");
            }

            JsonNode byDefault = json(server.http().get("/versions"));
            assertEquals(100, byDefault.size());
            assertEquals(101, byDefault.get(0).get("seq").asLong());
            assertEquals(2, byDefault.get(99).get("seq").asLong());

            JsonNode more = json(server.http().get("/versions?limit=150"));
            assertTrue(more.size() >= 101, "all retained versions: " + more.size());
            for (int i = 0; i < 101; i++) {
                assertEquals(101 - i, more.get(i).get("seq").asLong(), "newest first, no gaps");
            }
        }
    }

    @ParameterizedTest(name = "limit={0} -> 400")
    @ValueSource(strings = {"0", "-1", "x", "1.5", "", "1e2", "100001", "99999999999", "%201"})
    void badLimitIs400(String limit) throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            assertProblem(server.http().get("/versions?limit=" + limit), 400, "invalid-input");
        }
    }

    @Test
    void oldValuesStayReadableByVersion() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            Api.Ver v1 = Api.commitDocument(server, "{\"a\":1,\"b\":{\"c\":[2,3]},\"k/s\":\"slash\"}");
            Api.Ver v2 = Api.commitDocument(server, "{\"a\":2}");

            assertSameJson("1", text(server.http().get("/versions/" + v1.seq() + "/data/a")));
            assertSameJson("3", text(server.http().get("/versions/" + v1.seq() + "/data/b/c/1")));
            assertSameJson("\"slash\"", text(server.http().get("/versions/" + v1.seq() + "/data/k%2Fs")));
            assertSameJson("{\"a\":1,\"b\":{\"c\":[2,3]},\"k/s\":\"slash\"}",
                    text(server.http().get("/versions/" + v1.seq() + "/data/")));
            assertSameJson("2", text(server.http().get("/versions/" + v2.seq() + "/data/a")));
            assertSameJson("{}", text(server.http().get("/versions/0/data/")));
            String encodedSeq = String.valueOf(v1.seq()).chars().mapToObj(c -> "%3" + (char) c)
                    .collect(java.util.stream.Collectors.joining());
            // A percent-encoded seq names the same version, and the path after it is still b/c.
            assertSameJson("[2,3]", text(server.http().get("/versions/" + encodedSeq + "/data/b/c")));

            JsonNode missing = assertProblem(server.http().get("/versions/" + v2.seq() + "/data/b/c"), 404, "not-found");
            assertEquals("/b", missing.get("path").asText());
            assertProblem(server.http().get("/versions/" + v1.seq() + "/data/b/c/x"), 400, "invalid-input");
            assertProblem(server.http().get("/versions/" + (v2.seq() + 1) + "/data/"), 404, "not-found");
            assertProblem(server.http().get("/versions/latest/data/"), 400, "invalid-input");
            assertProblem(server.http().get("/versions/-1/data/"), 400, "invalid-input");
        }
    }

    @Test
    void versionsOutsideRetentionAre404() throws Exception {
        try (TestServer server = TestServer.start(dataDir, cfg -> cfg.withRetain(3))) {
            for (int i = 1; i <= 5; i++) {
                Api.patchOk(server, "", Api.MERGE, "{\"n\":" + i + "}");
            }
            JsonNode versions = json(server.http().get("/versions"));
            assertEquals(3, versions.size(), versions.toString());
            assertEquals(List.of(5L, 4L, 3L), List.of(versions.get(0).get("seq").asLong(),
                    versions.get(1).get("seq").asLong(), versions.get(2).get("seq").asLong()));

            for (int seq = 0; seq <= 2; seq++) {
                assertProblem(server.http().get("/versions/" + seq + "/data/"), 404, "not-found");
                assertProblem(server.http().get("/versions/" + seq + "/diff/5"), 404, "not-found");
                assertProblem(server.http().get("/versions/5/diff/" + seq), 404, "not-found");
            }
            assertSameJson("3", text(server.http().get("/versions/3/data/n")));
            assertEquals(200, server.http().get("/versions/3/diff/5").statusCode());
        }
    }

    /** Document states chosen to exercise every kind of change a diff must reproduce, member order included. */
    static final List<String> STATES = List.of(
            "{\"a\":1,\"b\":{\"x\":1,\"y\":[1,2,3]},\"c\":\"s\"}",
            "{\"a\":1,\"b\":{\"x\":2,\"y\":[1,2]},\"c\":\"s\",\"d\":{\"e\":null}}",
            "{\"b\":{\"y\":[1,2,3,4],\"x\":2},\"a\":1,\"c\":\"s\",\"d\":{\"e\":null}}",
            "{\"b\":[1,{\"z\":[]}],\"a\":{\"n\":true},\"c/d~e\":\"slash-tilde\",\"\":\"empty key\"}",
            "{\"new\":1,\"b\":[{\"z\":[]}],\"a\":{\"n\":true},\"c/d~e\":\"changed\",\"\":\"empty key\"}",
            "{\"a\":1.50,\"b\":{\"y\":[1,2,3],\"x\":1},\"c\":\"s\"}",
            "{}");

    @Test
    void diffIsAJsonPatchThatTurnsOneVersionIntoTheOtherExactly(@TempDir Path scratchDir) throws Exception {
        try (TestServer server = TestServer.start(dataDir); TestServer scratch = TestServer.start(scratchDir)) {
            List<Api.Ver> versions = new ArrayList<>();
            for (String state : STATES) {
                versions.add(Api.commitDocument(server, state));
            }
            for (Api.Ver v : versions) {
                JsonNode same = json(server.http().get("/versions/" + v.seq() + "/diff/" + v.seq()));
                assertEquals(0, same.size(), "a version's diff to itself is empty");
            }

            // Walk every ordered pair on the scratch node: from a, go to b and back, for all b after a.
            int at = 0;
            Api.commitDocument(scratch, STATES.get(0));
            for (int a = 0; a < versions.size(); a++) {
                if (at != a) {
                    at = applyDiff(server, scratch, versions, at, a);
                }
                for (int b = a + 1; b < versions.size(); b++) {
                    at = applyDiff(server, scratch, versions, a, b);
                    at = applyDiff(server, scratch, versions, b, a);
                }
            }
        }
    }

    /** Applies diff(from, to) of {@code server} to {@code scratch}, which holds version {@code from}; checks it lands on {@code to}. */
    private static int applyDiff(TestServer server, TestServer scratch, List<Api.Ver> versions, int from, int to) {
        long a = versions.get(from).seq();
        long b = versions.get(to).seq();
        Response diff = server.http().get("/versions/" + a + "/diff/" + b);
        assertEquals(200, diff.statusCode(), () -> text(diff));
        JsonNode ops = json(diff);
        assertTrue(ops.isArray() && ops.size() > 0, "diff " + a + " -> " + b + " is a non-empty array");
        for (JsonNode op : ops) {
            assertTrue(Set.of("add", "remove", "replace", "move", "copy", "test").contains(op.path("op").asText()),
                    op.toString());
            assertTrue(op.path("path").isTextual(), op.toString());
        }
        Api.patchOk(scratch, "", Api.JSON_PATCH, text(diff));
        String context = "diff " + a + " -> " + b + " = " + ops;
        assertEquals(versions.get(to).checksum(), Api.version(scratch).checksum(), context);
        assertEquals(Api.canonical(STATES.get(to)), Api.canonical(Api.data(scratch, "")), context);
        return to;
    }

    @Test
    void diffOfMalformedVersionsIs400() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            assertProblem(server.http().get("/versions/x/diff/0"), 400, "invalid-input");
            assertProblem(server.http().get("/versions/0/diff/x"), 400, "invalid-input");
            assertProblem(server.http().get("/versions/0/diff/1"), 404, "not-found");
        }
    }
}
