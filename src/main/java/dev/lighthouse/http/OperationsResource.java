package dev.lighthouse.http;

import dev.lighthouse.metrics.ServerMetrics;
import dev.lighthouse.tree.ObjectNode;
import dev.lighthouse.tree.StringNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

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

    @GET
    @Path("metrics")
    public Response metrics() {
        StreamingOutput body = metrics::write;
        return Response.ok(body, ServerMetrics.CONTENT_TYPE).build();
    }
}
