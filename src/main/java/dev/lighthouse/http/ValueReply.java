package dev.lighthouse.http;

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
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The answer to a read or a long poll: the value at a path as of one version, with the headers every /data reply carries. */
final class ValueReply {

    static final String SEQ = "X-Lighthouse-Seq";
    static final String CHECKSUM = "X-Lighthouse-Checksum";
    static final String RESYNC = "X-Lighthouse-Resync";

    private ValueReply() {
    }

    /**
     * @param value   the value at the path in that version, or null to answer why there is none (404 or 400)
     * @param outline the outline asked for instead of the value, or null
     */
    static void send(Request request, Response response, Callback callback, Version version, JsonPath path,
                     Node value, boolean resync, Outline outline) {
        HttpFields.Mutable headers = response.getHeaders();
        // Before the lookup, so that a 404 also says at which version the value was absent.
        headers.put(SEQ, Long.toString(version.seq()));
        headers.put(CHECKSUM, version.checksum());
        if (resync) {
            headers.put(RESYNC, "true");
        }
        Node node;
        try {
            node = value != null ? value : Tree.get(version.root(), path);
        } catch (LighthouseException e) {
            JettyReplies.problem(response, callback, e);
            return;
        }
        String etag = outline == null ? node.digest().etag() : outline.etag(node);
        headers.put(JettyReplies.JSON);
        headers.put(HttpHeader.ETAG, etag);
        if (EntityTags.matches(request.getHeaders().get(HttpHeader.IF_NONE_MATCH), etag)) {
            response.setStatus(HttpStatus.NOT_MODIFIED_304);
            response.write(true, null, callback);
            return;
        }
        byte[] body = outline == null ? node.jsonBytes() : outline.of(node).jsonBytes();
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, HttpMethod.HEAD.is(request.getMethod()) ? null : ByteBuffer.wrap(body), callback);
    }
}
