package dev.lighthouse.http;

import dev.lighthouse.store.Version;
import dev.lighthouse.tree.Node;
import jakarta.ws.rs.core.Response;

/** Building JSON replies in Jersey resources from tree nodes (no databinding on the way out). */
final class Replies {

    private Replies() {
    }

    static Response json(Node node) {
        return Response.ok(node.jsonBytes(), "application/json").build();
    }

    /** A value from some version, with the headers every {@code /data} reply carries. */
    static Response value(Node node, Version version) {
        return Response.ok(node.jsonBytes(), "application/json")
                .header(ValueReply.SEQ, version.seq())
                .header(ValueReply.CHECKSUM, version.checksum())
                .tag(new jakarta.ws.rs.core.EntityTag(node.digest().etag().replace("\"", "")))
                .build();
    }
}
