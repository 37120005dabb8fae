package dev.lighthouse.http;

import static dev.lighthouse.testing.Api.assertProblem;
import static dev.lighthouse.testing.Api.assertSameJson;
import static dev.lighthouse.testing.Api.json;
import static dev.lighthouse.testing.Api.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.MutableClock;
import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a commit promises: after a restart on the same data.d, the same versions with the same seq and checksum. */
class PersistenceTest {

    @TempDir
    Path dataDir;

    @Test
    void committedDataSurvivesARestartExactly() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2032-01-01T00:00:00Z"));
        try (TestServer server = TestServer.start(dataDir, cfg -> cfg.withClock(clock))) {
            Api.commitDocument(server, "{\"z\":1,\"a\":{\"ü\":\"€😀\",\"n\":[1.50,-0,12345678901234567890123]}}");
            clock.advance(Duration.ofSeconds(5));
            Api.patchOk(server, "k%2Fs", Api.MERGE, "{\"x\":null,\"y\":true}");
            clock.advance(Duration.ofSeconds(5));
            Api.acquire(server, "deployer");
            Api.stageOk(server, "deployer", "a/n/-", "4");
            server.http().delete("/update/deployer/z").then().statusCode(200);
            Api.commitOk(server, "deployer");

            Api.Ver before = Api.version(server);
            byte[] data = server.http().get("/data/").asByteArray();
            String etag = server.http().get("/data/a").header("ETag");
            String history = text(server.http().get("/versions"));
            String diff = text(server.http().get("/versions/1/diff/" + before.seq()));

            server.restart();

            Api.Ver after = Api.version(server);
            assertEquals(before, after, "same seq, checksum and timestamp");
            Response reread = server.http().get("/data/");
            assertArrayEquals(data, reread.asByteArray(), "the same document, byte for byte");
            assertEquals(String.valueOf(before.seq()), reread.header("X-Lighthouse-Seq"));
            assertEquals(before.checksum(), reread.header("X-Lighthouse-Checksum"));
            assertEquals(etag, server.http().get("/data/a").header("ETag"));
            assertSameJson(history, text(server.http().get("/versions")));
            assertSameJson(diff, text(server.http().get("/versions/1/diff/" + before.seq())));
            assertEquals("€😀", json(server.http().get("/data/a")).get("ü").asText());

            JsonNode next = Api.patchOk(server, "", Api.MERGE, "{\"after\":1}");
            assertEquals(before.seq() + 1, next.get("seq").asLong(), "seq continues after a restart");
        }
    }

    @Test
    void retentionHoldsAcrossARestart() throws Exception {
        try (TestServer server = TestServer.start(dataDir, cfg -> cfg.withRetain(3))) {
            for (int i = 1; i <= 6; i++) {
                Api.patchOk(server, "", Api.MERGE, "{\"n\":" + i + ",\"s\":\"" + "x".repeat(i) + "\"}");
            }
            String history = text(server.http().get("/versions"));

            server.restart();

            assertSameJson(history, text(server.http().get("/versions")));
            assertEquals(3, json(server.http().get("/versions")).size());
            assertSameJson("4", text(server.http().get("/versions/4/data/n")));
            assertProblem(server.http().get("/versions/3/data/n"), 404, "not-found");
            assertEquals(200, server.http().get("/versions/4/diff/6").statusCode());
        }
    }

    /**
     * The lock and its staged edits are replicated state (they must survive a leader's fail-over),
     * so a restart keeps them: nothing staged is visible in /data until the holder commits, an
     * aborted edit never comes back, and the holder can still commit what it staged.
     */
    @Test
    void aHeldLockAndItsStagedEditsSurviveARestartUncommitted() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            Api.Ver committed = Api.commitDocument(server, "{\"a\":1}");
            Api.acquire(server, "op");
            Api.stageOk(server, "op", "a", "2");
            server.http().delete("/lock?name=op").then().statusCode(200);
            Api.acquire(server, "open");
            Api.stageOk(server, "open", "c", "4");

            server.restart();

            Api.assertUnchanged(server, committed);
            assertSameJson("{\"a\":1}", Api.data(server, ""));
            assertSameJson("{\"a\":1,\"c\":4}", text(server.http().get("/update/open")));
            Response commit = Api.commit(server, "open");
            assertEquals(200, commit.statusCode(), text(commit));
            assertSameJson("{\"a\":1,\"c\":4}", new String(server.http().get("/data/").asByteArray(),
                    StandardCharsets.UTF_8));
        }
    }
}
