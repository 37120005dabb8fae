package dev.lighthouse.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The update lock's protocol ({@code /lock}): take or renew, read, commit, abort. */
final class Locks {

    private final Transport transport;
    private final ObjectMapper json;

    Locks(Transport transport) {
        this.transport = transport;
        this.json = transport.json();
    }

    static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a lock name is needed");
        }
        return name;
    }

    /** Takes or renews the lock; asks the server to wait up to {@code wait} while another name holds it. */
    LockState take(String name, Duration ttl, Duration wait) {
        ObjectNode take = json.createObjectNode().put("name", name).put("locked", true);
        if (ttl != null) {
            take.put("ttl", Durations.format(ttl));
        }
        take.put("wait", Durations.format(wait));
        Reply reply = transport.send(Request.write("PUT", "/lock", Json.write(json, take), "application/json",
                Map.of()), transport.requestTimeout().plus(wait));
        return LockState.of(Json.read(json, reply.body(), "the lock state"));
    }

    LockState state() {
        return LockState.of(Json.read(json, transport.send(Request.get("/lock")).body(), "the lock state"));
    }

    Optional<Commit> commit(String name, WriteOptions options) {
        ObjectNode release = json.createObjectNode().put("name", name).put("locked", false);
        Reply reply = transport.send(Request.write("PUT", "/lock", Json.write(json, release), "application/json",
                options.headers()));
        return Documents.commit(Json.read(json, reply.body(), "the commit reply"));
    }

    void abort(String name) {
        transport.send(Request.write("DELETE", "/lock?name=" + PathCodec.query(name), null, null, Map.of()));
    }
}
