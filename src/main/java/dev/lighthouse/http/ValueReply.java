package dev.lighthouse.http;

import dev.lighthouse.error.LighthouseException;
import dev.lighthouse.store.Version;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.Node;
import dev.lighthouse.tree.Tree;
import dev.lighthouse.watch.Change;
import java.nio.ByteBuffer;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The answer to a read or a long poll: the value at a path as of one version, with the headers every /data reply carries. */
final class ValueReply {

    static final String SEQ = "X-Lighthouse-Seq";
    static final String CHECKSUM = "X-Lighthouse-Checksum";
    static final String RESYNC = "X-Lighthouse-Resync";
    private static final HttpField RESYNCED = new PreEncodedHttpField(RESYNC, "true");

    /**
     * A change's reply, its header fields encoded once: one commit answers every long poll on a
     * path with the same {@link Change}, and writing ten thousand replies should cost ten
     * thousand copies of the same bytes, not ten thousand renderings of them.
     */
    private record Rendered(HttpField seq, HttpField checksum, HttpField etag, String etagValue, HttpField length,
                            byte[] body) {
    }

    private static final Function<Change, Rendered> RENDER = change -> {
        Version version = change.version();
        String etag = change.value().digest().etag();
        byte[] body = change.value().jsonBytes();
        return new Rendered(new PreEncodedHttpField(SEQ, Long.toString(version.seq())),
                new PreEncodedHttpField(CHECKSUM, version.checksum()),
                new PreEncodedHttpField(HttpHeader.ETAG, etag), etag,
                new HttpField.LongValueHttpField(HttpHeader.CONTENT_LENGTH, body.length), body);
    };

    private ValueReply() {
    }

    /**
     * What of the request shapes the reply, read while the request is being handled: a long poll
     * answered minutes later need not go back to its request's headers, long out of the cache.
     */
    record Asked(boolean head, String ifNoneMatch) {
        static Asked of(Request request) {
            return new Asked(HttpMethod.HEAD.is(request.getMethod()), request.getHeaders().get(HttpHeader.IF_NONE_MATCH));
        }
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
            headers.put(RESYNCED);
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
        Asked asked = Asked.of(request);
        if (notModified(asked, response, callback, etag)) {
            return;
        }
        byte[] body = outline == null ? node.jsonBytes() : outline.of(node).jsonBytes();
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        write(asked, response, callback, body);
    }

    /**
     * A long poll's answer: as {@link #send}, from the reply rendered once for all told of the
     * change (an outline, asked for by few, is rendered for each).
     */
    static void send(Request request, Asked asked, Response response, Callback callback, Change change,
                     JsonPath path, Outline outline) {
        if (change.value() == null || outline != null) {
            send(request, response, callback, change.version(), path, change.value(), change.resync(), outline);
            return;
        }
        Rendered reply = change.derived(RENDER);
        // A fresh response: nothing to replace, so the fields are added without a search.
        HttpFields.Mutable headers = response.getHeaders();
        headers.add(reply.seq());
        headers.add(reply.checksum());
        if (change.resync()) {
            headers.add(RESYNCED);
        }
        headers.add(JettyReplies.JSON);
        headers.add(reply.etag());
        if (notModified(asked, response, callback, reply.etagValue())) {
            return;
        }
        headers.add(reply.length());
        write(asked, response, callback, reply.body());
    }

    private static boolean notModified(Asked asked, Response response, Callback callback, String etag) {
        if (!EntityTags.matches(asked.ifNoneMatch(), etag)) {
            return false;
        }
        response.setStatus(HttpStatus.NOT_MODIFIED_304);
        response.write(true, null, callback);
        return true;
    }

    private static void write(Asked asked, Response response, Callback callback, byte[] body) {
        response.write(true, asked.head() ? null : ByteBuffer.wrap(body), callback);
    }
}
