package dev.lighthouse.http;

import dev.lighthouse.apply.LockState;
import dev.lighthouse.config.Durations;
import dev.lighthouse.coord.Session;
import dev.lighthouse.store.Version;
import dev.lighthouse.tree.ArrayNode;
import dev.lighthouse.tree.BooleanNode;
import dev.lighthouse.tree.Node;
import dev.lighthouse.tree.NullNode;
import dev.lighthouse.tree.NumberNode;
import dev.lighthouse.tree.ObjectNode;
import dev.lighthouse.tree.StringNode;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of the API's own objects (versions, the lock, commit replies, sessions), as the SPEC lists them. */
final class Representations {

    private Representations() {
    }

    static ObjectNode version(Version version) {
        return ObjectNode.EMPTY
                .with("seq", NumberNode.of(version.seq()))
                .with("checksum", StringNode.of(version.checksum()))
                .with("timestamp", StringNode.of(version.timestamp().toString()));
    }

    /** An entry of {@code /versions}: the version plus who committed it and what changed. */
    static ObjectNode history(Version version) {
        return version(version)
                .with("lock", version.lock() == null ? NullNode.INSTANCE : StringNode.of(version.lock()))
                .with("by", version.by() == null ? NullNode.INSTANCE : StringNode.of(version.by()))
                .with("changed", strings(version.changed()));
    }

    static ObjectNode lock(LockState lock) {
        if (lock == null) {
            return ObjectNode.EMPTY.with("locked", BooleanNode.FALSE);
        }
        return ObjectNode.EMPTY
                .with("locked", BooleanNode.TRUE)
                .with("name", StringNode.of(lock.name()))
                .with("since", StringNode.of(lock.since().toString()))
                .with("expires", StringNode.of(lock.expires().toString()))
                .with("base", NumberNode.of(lock.base()))
                .with("staged", NumberNode.of(lock.staged()));
    }

    /** The reply to a commit: {@code committed} is null when nothing changed. */
    static ObjectNode commit(Version version) {
        Node committed = version == null ? NullNode.INSTANCE
                : version(version).with("changed", strings(version.changed()));
        return ObjectNode.EMPTY.with("locked", BooleanNode.FALSE).with("committed", committed);
    }

    /** A session as {@code /sessions} shows it: {@code {"id","name","ttl","expires"}}. */
    static ObjectNode session(Session session, Instant expires) {
        // Built once rather than by with(), which copies the members at each step: every renewal renders one.
        ObjectNode.Builder built = new ObjectNode.Builder();
        built.put("id", StringNode.of(session.id()));
        built.put("name", session.name() == null ? NullNode.INSTANCE : StringNode.of(session.name()));
        built.put("ttl", StringNode.of(Durations.format(session.ttl())));
        built.put("expires", StringNode.of(expires.toString()));
        return built.build();
    }

    static ArrayNode strings(List<String> values) {
        ArrayNode.Builder builder = new ArrayNode.Builder();
        values.forEach(value -> builder.add(StringNode.of(value)));
        return builder.build();
    }
}
