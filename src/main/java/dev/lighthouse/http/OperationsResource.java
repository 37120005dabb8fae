package dev.lighthouse.http;

import org.eclipse.jetty.server.Request;
import jakarta.ws.rs.core.Context;
import dev.lighthouse.cluster.Cluster;
import dev.lighthouse.cluster.NodeState;
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
    private final Cluster cluster;

    OperationsResource(ServerMetrics metrics, Cluster cluster) {
        this.metrics = metrics;
        this.cluster = cluster;
    }

    /**
     * 200 while serving current data and able to take writes; 503 naming why not (joining,
     * no-quorum, diverged, or storage-failing: the disk takes no writes, reads still work).
     */
    @GET
    @Path("health")
    public Response health(@Context Request http) {
        Callers.of(http).requireToken();
        NodeState node = cluster.state();
        String storage = cluster.storage().summary();
        if (node == NodeState.ACTIVE && storage == null) {
            return Replies.json(ACTIVE);
        }
        String state = node == NodeState.ACTIVE ? "storage-failing" : node.text();
        ObjectNode body = ObjectNode.EMPTY.with("status", StringNode.of(state));
        if (storage != null) {
            body = body.with("storage", StringNode.of(storage));
        }
        if (cluster.divergence() != null) {
            body = body.with("divergence", StringNode.of(cluster.divergence()));
        }
        return Response.status(503).entity(body.jsonBytes()).type("application/json").build();
    }

    /** Rendered to bytes (a few KiB), so HEAD announces the same Content-Length as GET. */
    @GET
    @Path("metrics")
    public Response metrics(@Context Request http) throws IOException {
        Callers.of(http).requireToken();
        ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
        metrics.write(body);
        return Response.ok(body.toByteArray(), ServerMetrics.CONTENT_TYPE).build();
    }
}
