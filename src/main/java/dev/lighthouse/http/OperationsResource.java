package dev.lighthouse.http;

import dev.lighthouse.metrics.ServerMetrics;
import dev.lighthouse.tree.ObjectNode;
import dev.lighthouse.tree.StringNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** {@code /health} for probes and {@code /metrics} for Prometheus. */
@Path("/")
public final class OperationsResource {

    private static final ObjectNode ACTIVE = ObjectNode.EMPTY.with("status", StringNode.of("active"));

    private final ServerMetrics metrics;

    OperationsResource(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    @GET
    @Path("health")
    public Response health() {
        return Replies.json(ACTIVE);
    }

    /** Rendered to bytes (a few KiB), so HEAD announces the same Content-Length as GET. */
    @GET
    @Path("metrics")
    public Response metrics() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
        metrics.write(body);
        return Response.ok(body.toByteArray(), ServerMetrics.CONTENT_TYPE).build();
    }
}
