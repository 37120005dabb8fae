package dev.lighthouse.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads of the document and the one-request writes (merge patch, JSON Patch). */
final class Documents {

    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String JSON_PATCH = "application/json-patch+json";

    private final Transport transport;

    Documents(Transport transport) {
        this.transport = transport;
    }

    Versioned<JsonNode> get(String path, boolean consistent) {
        String url = PathCodec.data(path) + (consistent ? "?consistent=true" : "");
        return versioned(transport.send(Request.get(url)), path);
    }

    Versioned<byte[]> getJson(String path) {
        Reply reply = transport.send(Request.get(PathCodec.data(path)));
        return new Versioned<>(reply.body(), reply.seq(), reply.header("X-Lighthouse-Checksum"), reply.header("ETag"));
    }

    Optional<Versioned<JsonNode>> getIfChanged(String path, String etag) {
        Request request = Request.get(PathCodec.data(path)).withHeaders(Map.of("If-None-Match", etag));
        Reply reply = transport.send(request);
        return reply.status() == 304 ? Optional.empty() : Optional.of(versioned(reply, path));
    }

    Versioned<JsonNode> versioned(Reply reply, String path) {
        return new Versioned<>(Json.read(transport.json(), reply.body(), "the value at " + path), reply.seq(),
                reply.header("X-Lighthouse-Checksum"), reply.header("ETag"));
    }

    Version version() {
        JsonNode version = Json.read(transport.json(), transport.send(Request.get("/version")).body(), "the version");
        return version(version);
    }

    Optional<Commit> mergePatch(String path, Object patch, WriteOptions options) {
        return patch(path, Json.write(transport.json(), patch), MERGE_PATCH, options);
    }

    Optional<Commit> jsonPatch(String path, Object operations, WriteOptions options) {
        return patch(path, Json.write(transport.json(), operations), JSON_PATCH, options);
    }

    private Optional<Commit> patch(String path, byte[] body, String type, WriteOptions options) {
        Reply reply = transport.send(Request.write("PATCH", PathCodec.data(path), body, type, options.headers()));
        return commit(Json.read(transport.json(), reply.body(), "the commit reply"));
    }

    /** The {@code committed} member of a commit reply: empty when nothing changed. */
    static Optional<Commit> commit(JsonNode reply) {
        JsonNode committed = reply == null ? null : reply.get("committed");
        if (committed == null || committed.isNull()) {
            return Optional.empty();
        }
        List<String> changed = new ArrayList<>();
        committed.path("changed").forEach(pointer -> changed.add(pointer.asText()));
        return Optional.of(new Commit(committed.path("seq").asLong(), committed.path("checksum").asText(),
                Instant.parse(committed.path("timestamp").asText()), List.copyOf(changed)));
    }

    static Version version(JsonNode version) {
        return new Version(version.path("seq").asLong(), version.path("checksum").asText(),
                version.hasNonNull("timestamp") ? Instant.parse(version.get("timestamp").asText()) : null);
    }
}
