package dev.lighthouse.http;

import dev.lighthouse.tree.JsonPath;
import org.eclipse.jetty.server.Request;
import jakarta.ws.rs.core.Context;
import dev.lighthouse.cluster.Cluster;
import dev.lighthouse.cluster.ClusterView;
import dev.lighthouse.error.Futures;
import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.error.Unavailable;
import dev.lighthouse.tree.ArrayNode;
import dev.lighthouse.tree.Node;
import dev.lighthouse.tree.NullNode;
import dev.lighthouse.tree.NumberNode;
import dev.lighthouse.tree.ObjectNode;
import dev.lighthouse.tree.StringNode;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/** {@code /cluster}: who leads, who is a member and how current each is; removing a member. */
@Path("/cluster")
public final class ClusterResource {

    private static final Duration REMOVE_TIMEOUT = Duration.ofSeconds(15);

    private final Cluster cluster;

    ClusterResource(Cluster cluster) {
        this.cluster = cluster;
    }

    @GET
    public Response view(@Context Request http) {
        Callers.of(http).requireSomeRead();
        return Replies.json(render(cluster.view()));
    }

    /** Removes a member from the Raft configuration; its process is not stopped. */
    @DELETE
    @Path("members/{name}")
    public Response remove(@PathParam("name") String name, @Context Request http) {
        Callers.of(http).requireWrite(JsonPath.ROOT);
        if (name.isEmpty()) {
            throw new InvalidInput("name a member to remove");
        }
        Futures.await(cluster.removeMember(name), REMOVE_TIMEOUT, "the removal of '" + name + "'",
                Unavailable.Outcome.UNKNOWN);
        return Replies.json(render(cluster.view()));
    }

    static ObjectNode render(ClusterView view) {
        ArrayNode.Builder members = new ArrayNode.Builder();
        for (ClusterView.Member m : view.members()) {
            ObjectNode.Builder member = new ObjectNode.Builder();
            member.put("name", StringNode.of(m.name()));
            member.put("http", text(m.http()));
            member.put("cluster", text(m.cluster()));
            member.put("seq", m.seq() < 0 ? NullNode.INSTANCE : NumberNode.of(m.seq()));
            member.put("checksum", text(m.checksum()));
            member.put("state", StringNode.of(m.state()));
            members.add(member.build());
        }
        ObjectNode rendered = ObjectNode.EMPTY.with("self", StringNode.of(view.self()))
                .with("leader", text(view.leader()))
                .with("members", members.build());
        return view.divergence() == null ? rendered : rendered.with("divergence", StringNode.of(view.divergence()));
    }

    private static Node text(String value) {
        return value == null ? NullNode.INSTANCE : StringNode.of(value);
    }
}
