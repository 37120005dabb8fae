package dev.lighthouse.http;

import dev.lighthouse.apply.Edit;
import dev.lighthouse.apply.StateView;
import dev.lighthouse.apply.Updates;
import dev.lighthouse.error.ProblemType;
import dev.lighthouse.error.RequestRefused;
import dev.lighthouse.cluster.Cluster;
import dev.lighthouse.cluster.NodeState;
import dev.lighthouse.coord.Fence;
import dev.lighthouse.error.NotServing;
import dev.lighthouse.security.Principal;
import dev.lighthouse.security.WriteScope;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.store.Version;
import dev.lighthouse.tree.Node;
import dev.lighthouse.watch.Watches;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Everything under {@code /data}, on plain Jetty without Jersey: these are the
 * hot paths. A read takes the current immutable version (no lock), walks the
 * path and writes the node's cached JSON bytes, so a repeated read costs a
 * lookup and a buffer write. {@code PATCH} is the one-request atomic edit for
 * scripts. Any other URL goes to the next handler.
 */
final class DataHandler extends Handler.Wrapper {

    private static final String PREFIX = "/data";

    private static final String ALLOWED = "GET, HEAD, PATCH";

    private final StateView view;
    private final Updates updates;
    private final Bodies bodies;
    private final Cluster cluster;
    private final LongPolls longPolls;

    DataHandler(StateView view, Updates updates, Bodies bodies, Cluster cluster, Watches watches, Handler next) {
        super(next);
        this.view = view;
        this.updates = updates;
        this.bodies = bodies;
        this.cluster = cluster;
        this.longPolls = new LongPolls(watches, view);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String rest = RawPaths.under(request.getHttpURI().getPath(), PREFIX);
        if (rest == null) {
            return super.handle(request, response, callback);
        }
        String method = request.getMethod();
        try {
            if (HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method)) {
                read(request, response, callback, rest);
            } else if (HttpMethod.PATCH.is(method)) {
                patch(request, response, callback, rest);
            } else {
                response.getHeaders().put(HttpHeader.ALLOW, ALLOWED);
                throw new RequestRefused(ProblemType.METHOD_NOT_ALLOWED, method + " is not answered under /data; use "
                        + ALLOWED + ", or the lock and /update/{name}/ to stage edits");
            }
        } catch (RuntimeException e) {
            JettyReplies.problem(response, callback, ProblemWriter.problemFor(e));
        }
        return true;
    }

    private void read(Request request, Response response, Callback callback, String rest) {
        JsonPath path = JsonPath.fromUrl(rest);
        Callers.of(request).requireRead(path);
        ReadOptions options = ReadOptions.parse(request.getHttpURI().getQuery());
        Outline outline = Outline.parse(request.getHttpURI().getQuery());
        checkServing(cluster);
        if (options.consistent()) {
            ReadOptions.await(cluster.consistentRead(), cluster.writeTimeout());
        }
        if (options.waitSeq() != null) {
            longPolls.start(request, response, callback, path, options, outline);
            return;
        }
        if (HttpMethod.HEAD.is(request.getMethod())) {
            // As in the Nesoi seed: HEAD tells where to subscribe to this value's changes.
            response.getHeaders().put(HttpHeader.LINK, "</hooks?path=" + URLEncoder.encode(path.pointer(),
                    StandardCharsets.UTF_8) + ">; rel=\"subscriptions\"");
        }
        ValueReply.send(request, response, callback, view.state().current(), path, null, false, outline);
    }

    /** Refuses to answer from data that is not current (joining) or not trusted (diverged). */
    static void checkServing(Cluster cluster) {
        NodeState state = cluster.servingState();
        if (!state.servesReads()) {
            throw new NotServing(state.text(), "this node is " + state.text()
                    + " and does not serve /data; ask another member");
        }
    }

    /**
     * {@code PATCH /data/...}: lock, edit and commit in one step; the reply is the commit reply. A
     * caller with a write grant on the path may change anything below it. One whose grants lie
     * deeper needs one over every path the edit touches (the copies' and moves' sources included),
     * checked against the version the edit is applied to: a root merge patch that touches only
     * {@code /app} is fine for a token granted {@code /app}, and refused whole if it touches more.
     * With {@code Lighthouse-Fence} it applies only while that member holds with that token.
     */
    private void patch(Request request, Response response, Callback callback, String rest) {
        JsonPath path = JsonPath.fromUrl(rest);
        Principal caller = Callers.of(request);
        WriteScope.requireSomeWriteWithin(caller, path);
        String type = PatchBodies.patchType(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        Long expectedSeq = PatchBodies.expectedSeq(request.getHeaders().get(HttpHeader.IF_MATCH));
        Fence fence = Fences.of(request.getHeaders().getValuesList(Fences.HEADER), caller);
        Node body = bodies.read(Content.Source.asInputStream(request), request.getLength());
        Edit edit = PatchBodies.edit(type, path, body);
        CompletableFuture<Version> committed;
        if (caller.mayWrite(path)) {
            committed = updates.patchLater(edit, expectedSeq, caller.name(), fence);
        } else {
            if (edit instanceof Edit.Patch patch) {
                WriteScope.requireSources(caller, patch.ops());
            }
            committed = updates.patchChecked(edit, expectedSeq, caller.name(), fence,
                    (before, after) -> WriteScope.require(caller, JsonPath.ROOT, before, after));
        }
        // Answered from the thread that applies the commit: waking this one to write the reply
        // would cost every commit one more thread hand-off on a machine with few cores.
        committed.whenComplete((version, error) -> {
            if (error == null) {
                byte[] reply = Representations.commit(version).jsonBytes();
                response.getHeaders().put(JettyReplies.JSON);
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.length);
                response.write(true, ByteBuffer.wrap(reply), callback);
            } else {
                JettyReplies.problem(response, callback, ProblemWriter.problemFor(error));
            }
        });
    }
}
