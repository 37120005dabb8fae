package dev.lighthouse.http;

import dev.lighthouse.apply.StateView;
import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.error.NotFound;
import dev.lighthouse.store.Version;
import dev.lighthouse.store.VersionHistory;
import dev.lighthouse.tree.ArrayNode;
import dev.lighthouse.tree.Diff;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.PatchOp;
import dev.lighthouse.tree.Tree;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import org.eclipse.jetty.server.Request;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code /version} and {@code /versions/...}: the current version, history, old values and diffs.
 * History and diffs span the whole document, so they need a read grant on {@code /}.
 */
@Path("/")
public final class VersionResource {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 100_000;

    private final StateView view;

    VersionResource(StateView view) {
        this.view = view;
    }

    @GET
    @Path("version")
    public Response current(@Context Request http) {
        Callers.of(http).requireSomeRead();
        Version version = view.state().current();
        return Response.fromResponse(Replies.json(Representations.version(version)))
                .header(ValueReply.SEQ, version.seq())
                .header(ValueReply.CHECKSUM, version.checksum())
                .build();
    }

    @GET
    @Path("versions")
    public Response list(@QueryParam("limit") String limit, @Context Request http) {
        Callers.of(http).requireRead(JsonPath.ROOT);
        int count = DEFAULT_LIMIT;
        if (limit != null) {
            if (!limit.matches("\\d{1,9}") || Integer.parseInt(limit) < 1 || Integer.parseInt(limit) > MAX_LIMIT) {
                throw new InvalidInput("limit must be an integer from 1 to " + MAX_LIMIT + ", not '" + limit + "'");
            }
            count = Integer.parseInt(limit);
        }
        ArrayNode.Builder out = new ArrayNode.Builder();
        view.state().history().newestFirst(count).forEach(v -> out.add(Representations.history(v)));
        return Replies.json(out.build());
    }

    @GET
    @Path("versions/{seq}/data{path: (/.*)?}")
    public Response valueAt(@PathParam("seq") String seq, @Context UriInfo uri, @Context Request http) {
        String rest = RawPaths.after(uri, "/versions/" + seq + "/data");
        JsonPath path = JsonPath.fromUrl(rest);
        Callers.of(http).requireRead(path);
        Version version = retained(view.state().history(), seq);
        return Replies.value(Tree.get(version.root(), path), version);
    }

    @GET
    @Path("versions/{a}/diff/{b}")
    public Response diff(@PathParam("a") String a, @PathParam("b") String b, @Context Request http) {
        Callers.of(http).requireRead(JsonPath.ROOT);
        VersionHistory history = view.state().history();
        Version from = retained(history, a);
        Version to = retained(history, b);
        ArrayNode.Builder out = new ArrayNode.Builder();
        for (PatchOp op : Diff.between(from.root(), to.root())) {
            out.add(op.toNode());
        }
        return Replies.json(out.build());
    }

    private static Version retained(VersionHistory history, String seq) {
        if (!seq.matches("\\d{1,18}")) {
            throw new InvalidInput("a version is a non-negative integer seq, not '" + seq + "'");
        }
        Version version = history.get(Long.parseLong(seq));
        if (version == null) {
            throw new NotFound("version " + seq + " is not retained (retained: " + history.oldest().seq() + " to "
                    + history.current().seq() + ")", null);
        }
        return version;
    }
}
