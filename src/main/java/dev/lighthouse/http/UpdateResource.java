package dev.lighthouse.http;

import dev.lighthouse.apply.Edit;
import dev.lighthouse.apply.LockState;
import dev.lighthouse.apply.Updates;
import dev.lighthouse.security.Principal;
import dev.lighthouse.apply.StoreState;
import dev.lighthouse.tree.ArrayNode;
import dev.lighthouse.tree.Diff;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.Node;
import dev.lighthouse.tree.PatchOp;
import dev.lighthouse.tree.Tree;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.List;
import org.eclipse.jetty.server.Request;

/**
 * {@code /update/{name}/...}: the lock holder's staged document. Reads show
 * it as it would be committed; writes stage an edit and renew the lease.
 * Every write replies with the lock state, whose {@code staged} counts edits.
 */
@Path("/update/{name}{path: (/.*)?}")
public final class UpdateResource {

    private static final String JSON_PATCH = "application/json-patch+json";

    private final Updates updates;
    private final Bodies bodies;

    UpdateResource(Updates updates, Bodies bodies) {
        this.updates = updates;
        this.bodies = bodies;
    }

    /**
     * The staged value; with {@code Accept: application/json-patch+json}, the RFC 6902 patch that
     * turns the current value at the path into it (what a commit would change there).
     */
    @GET
    public Response staged(@Context UriInfo uri, @HeaderParam("Accept") String accept, @Context Request http) {
        Target target = Target.of(uri);
        Principal caller = Callers.of(http);
        caller.requireRead(target.path());
        StoreState state = updates.expireLapsed();
        LockState lock = LockState.heldBy(state.lock(), target.lock(), caller.name());
        Node staged = Tree.get(lock.document(), target.path());
        if (accept == null || !accept.contains(JSON_PATCH)) {
            return Replies.json(staged);
        }
        Node current = Tree.findOrNull(state.current().root(), target.path());
        ArrayNode.Builder patch = new ArrayNode.Builder();
        for (PatchOp op : current == null ? List.of(PatchOp.add(JsonPath.ROOT, staged))
                : Diff.between(current, staged)) {
            patch.add(op.toNode());
        }
        return Response.ok(patch.build().jsonBytes(), JSON_PATCH).build();
    }

    @PUT
    public Response put(@Context UriInfo uri, InputStream body, @HeaderParam("Content-Length") Long length,
                        @Context Request http) {
        Target target = Target.of(uri);
        Principal caller = writer(http, target);
        Edit edit = new Edit.Put(target.path(), bodies.read(body, length == null ? -1 : length));
        return Replies.json(Representations.lock(updates.stage(target.lock(), edit, caller.name())));
    }

    @PATCH
    public Response patch(@Context UriInfo uri, @HeaderParam("Content-Type") String contentType, InputStream body,
                          @HeaderParam("Content-Length") Long length, @Context Request http) {
        Target target = Target.of(uri);
        Principal caller = writer(http, target);
        String type = PatchBodies.patchType(contentType);
        Edit edit = PatchBodies.edit(type, target.path(), bodies.read(body, length == null ? -1 : length));
        return Replies.json(Representations.lock(updates.stage(target.lock(), edit, caller.name())));
    }

    @DELETE
    public Response delete(@Context UriInfo uri, @Context Request http) {
        Target target = Target.of(uri);
        Principal caller = writer(http, target);
        return Replies.json(Representations.lock(updates.stage(target.lock(), new Edit.Delete(target.path()),
                caller.name())));
    }

    /** The caller, once it is known to hold a write grant for the staged path. */
    private static Principal writer(Request http, Target target) {
        Principal caller = Callers.of(http);
        caller.requireWrite(target.path());
        return caller;
    }

    /** The lock name and document path of an {@code /update/...} URL. */
    private record Target(String lock, JsonPath path) {
        static Target of(UriInfo uri) {
            String rest = RawPaths.after(uri, "/update");
            int slash = rest.indexOf('/');
            JsonPath name = JsonPath.fromUrl(slash < 0 ? rest : rest.substring(0, slash));
            String lock = Names.lockName(name.size() == 1 ? name.segment(0) : "");
            return new Target(lock, JsonPath.fromUrl(slash < 0 ? "" : rest.substring(slash + 1)));
        }
    }
}
