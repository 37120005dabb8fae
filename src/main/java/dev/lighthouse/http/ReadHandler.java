package dev.lighthouse.http;

import dev.lighthouse.apply.StateView;
import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.error.LighthouseException;
import dev.lighthouse.store.Version;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.Node;
import dev.lighthouse.tree.Tree;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The hot path: {@code GET} and {@code HEAD} of {@code /data/...} answered by
 * plain Jetty, without Jersey. It reads the current immutable version (no
 * lock), walks the path and writes the node's cached JSON bytes, so a repeated
 * read costs a lookup and a buffer write. Everything else goes to the next
 * handler.
 */
final class ReadHandler extends Handler.Wrapper {

    static final String SEQ = "X-Lighthouse-Seq";
    static final String CHECKSUM = "X-Lighthouse-Checksum";
    private static final String PREFIX = "/data";

    private final StateView view;

    ReadHandler(StateView view, Handler next) {
        super(next);
        this.view = view;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        boolean head = HttpMethod.HEAD.is(method);
        String path = request.getHttpURI().getPath();
        if (!(head || HttpMethod.GET.is(method)) || !path.startsWith(PREFIX)
                || (path.length() > PREFIX.length() && path.charAt(PREFIX.length()) != '/')) {
            return super.handle(request, response, callback);
        }
        try {
            rejectUnsupportedQuery(request.getHttpURI().getQuery());
            String rest = path.length() <= PREFIX.length() + 1 ? "" : path.substring(PREFIX.length() + 1);
            Version version = view.state().current();
            HttpFields.Mutable headers = response.getHeaders();
            // Before the walk, so that a 404 also says at which version the value was absent.
            headers.put(SEQ, Long.toString(version.seq()));
            headers.put(CHECKSUM, version.checksum());
            Node node = Tree.get(version.root(), JsonPath.fromUrl(rest));
            String etag = node.digest().etag();
            headers.put(JettyReplies.JSON);
            headers.put(HttpHeader.ETAG, etag);
            if (EntityTags.matches(request.getHeaders().get(HttpHeader.IF_NONE_MATCH), etag)) {
                response.setStatus(HttpStatus.NOT_MODIFIED_304);
                response.write(true, null, callback);
                return true;
            }
            byte[] body = node.jsonBytes();
            headers.put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, head ? null : ByteBuffer.wrap(body), callback);
        } catch (LighthouseException e) {
            JettyReplies.problem(response, callback, e);
        }
        return true;
    }

    private static void rejectUnsupportedQuery(String query) {
        if (query != null && (query.startsWith("wait=") || query.contains("&wait="))) {
            throw new InvalidInput("long polling (?wait=) is not available in this build yet");
        }
    }
}
