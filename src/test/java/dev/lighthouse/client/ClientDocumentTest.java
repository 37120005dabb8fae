package dev.lighthouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Ports;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The client's reads and writes against a real single-node server. */
class ClientDocumentTest extends ClientAgainstServer {

    record Db(String host, int port) {
    }

    @Override
    String initialDocument() {
        return "{\"app\":{\"db\":{\"host\":\"10.0.0.1\",\"port\":5432},\"tags\":[\"a\"]}}";
    }

    @Test
    void readsAValueBoundToATypeWithItsVersion() {
        Versioned<Db> db = client.get("/app/db", Db.class);
        assertEquals(new Db("10.0.0.1", 5432), db.value());
        assertEquals(Api.version(server).seq(), db.seq());
        assertTrue(db.checksum().startsWith("sha256:"), db.checksum());
        assertEquals("10.0.0.1", client.getConsistent("app/db/host").value().asText());
    }

    @Test
    void aReadOfAMissingPathIsNotFoundNamingTheSegment() {
        NotFoundException missing = assertThrows(NotFoundException.class, () -> client.get("/app/nothing/here"));
        assertEquals(404, missing.status());
        assertEquals("not-found", missing.type());
        assertTrue(missing.getMessage().startsWith("404 "), missing.getMessage());
    }

    @Test
    void getIfChangedIsEmptyUntilTheValueChanges() {
        Versioned<JsonNode> first = client.get("/app/db");
        assertEquals(Optional.empty(), client.getIfChanged("/app/db", first.etag()));
        client.mergePatch("/app/db", Map.of("port", 6432));
        Versioned<JsonNode> changed = client.getIfChanged("/app/db", first.etag()).orElseThrow();
        assertEquals(6432, changed.value().get("port").asInt());
    }

    @Test
    void aMergePatchCommitsAndIfMatchOnAnOldVersionIsRefusedWithNothingApplied() {
        long seq = client.version().seq();
        Commit commit = client.mergePatch("/app/db", Map.of("port", 6432), WriteOptions.ifMatch(seq)).orElseThrow();
        assertEquals(seq + 1, commit.seq());
        assertEquals(List.of("/app/db/port"), commit.changed());
        assertEquals(Optional.empty(), client.mergePatch("/app/db", Map.of("port", 6432)), "nothing changed");
        ConflictException stale = assertThrows(ConflictException.class,
                () -> client.mergePatch("/app/db", Map.of("port", 1), WriteOptions.ifMatch(seq)));
        assertEquals(412, stale.status());
        assertEquals("precondition-failed", stale.type());
        assertEquals(LighthouseException.Outcome.NOT_APPLIED, stale.outcome());
        assertEquals(6432, client.get("/app/db/port").value().asInt());
    }

    @Test
    void aJsonPatchIsAllOrNothing() {
        List<Map<String, Object>> ops = List.of(Map.of("op", "add", "path", "/tags/-", "value", "b"),
                Map.of("op", "test", "path", "/tags/0", "value", "not-a"));
        ConflictException failed = assertThrows(ConflictException.class,
                () -> client.jsonPatch("/app", ops, WriteOptions.NONE));
        assertEquals("conflict", failed.type());
        assertEquals(1, client.get("/app/tags").value().size());
    }

    @Test
    void anUpdateCommitsItsEditsAsOneVersion() {
        long before = client.version().seq();
        Commit commit = client.update("deploy", staging -> {
            staging.set("/app/db/host", "10.0.0.2");
            staging.append("/app/tags", "b");
            staging.mergePatch("/app/db", Map.of("pool", 8));
            assertEquals("10.0.0.2", staging.staged("/app/db/host").asText());
            assertEquals(before, staging.base());
        }).orElseThrow();
        assertEquals(before + 1, commit.seq());
        JsonNode app = client.get("/app").value();
        assertEquals("10.0.0.2", app.get("db").get("host").asText());
        assertEquals(8, app.get("db").get("pool").asInt());
        assertEquals("[\"a\",\"b\"]", app.get("tags").toString());
    }

    @Test
    void anExceptionInsideAnUpdateAbortsItAndFreesTheLock() {
        long before = client.version().seq();
        IOException cause = new IOException("the operator changed their mind");
        LighthouseException aborted = assertThrows(LighthouseException.class, () -> client.update("deploy", staging -> {
            staging.set("/app/db/host", "10.0.0.9");
            throw cause;
        }));
        assertEquals(cause, aborted.getCause());
        assertEquals(before, client.version().seq(), "nothing committed");
        assertEquals("10.0.0.1", client.get("/app/db/host").value().asText());
        assertFalse(Api.json(server.http().get("/lock")).get("locked").asBoolean(), "the lock was freed");
        IllegalStateException runtime = new IllegalStateException("bug in the edit");
        assertEquals(runtime, assertThrows(IllegalStateException.class,
                () -> client.update("deploy", staging -> {
                    throw runtime;
                })));
    }

    @Test
    void anUpdateWhileAnotherNameHoldsTheLockIsRefusedNamingTheHolder() {
        server.http().contentType(Api.JSON).body("{\"name\":\"ops\",\"locked\":true}").put("/lock").then()
                .statusCode(200);
        ConflictException held = assertThrows(ConflictException.class,
                () -> client.update("deploy", staging -> staging.set("/x", 1)));
        assertEquals("lock-held", held.type());
        assertEquals("ops", held.holder());
    }

    @Test
    void noMemberAnsweringIsUnavailableWithinTheConnectTimeoutAndMovesOnToTheNext() {
        String dead = "http://127.0.0.1:" + Ports.free();
        try (LighthouseClient lost = builder().members(dead).connectTimeout(Duration.ofSeconds(2))
                .build()) {
            UnavailableException unreachable = assertThrows(UnavailableException.class, () -> lost.get("/app"));
            assertTrue(unreachable.unreachable());
            assertTrue(unreachable.getMessage().startsWith("cannot reach " + dead), unreachable.getMessage());
        }
        try (LighthouseClient both = builder().members(dead, server.url()).build()) {
            assertEquals(5432, both.get("/app/db/port").value().asInt());
        }
    }

    @Test
    void aMemberUrlWithoutASchemeMeansHttpAndABadOneSaysWhatToGive() {
        try (LighthouseClient bare = builder().members(server.url().replace("http://", "")).build()) {
            assertEquals(5432, bare.get("/app/db/port").value().asInt());
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> builder().members("ftp://x:1"));
        assertTrue(bad.getMessage().contains("http://127.0.0.1:8001"), bad.getMessage());
        assertInstanceOf(IllegalArgumentException.class,
                assertThrows(IllegalArgumentException.class, () -> LighthouseClient.builder().build()));
    }
}
