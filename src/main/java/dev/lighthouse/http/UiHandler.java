package dev.lighthouse.http;

import dev.lighthouse.error.NotFound;
import dev.lighthouse.error.ProblemType;
import dev.lighthouse.error.RequestRefused;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The web UI at {@code /ui/}: static files from the jar ({@link UiFiles}), revalidated by ETag on
 * every load so a new server version shows at once, under a Content-Security-Policy that lets the
 * page load and fetch from its own origin only. A browser asking for {@code /} (it accepts
 * {@code text/html}) is sent to {@code /ui/}; any other client still gets the 404 it always got.
 * The files hold no data, so they need no token: the UI sends the token with each API request.
 */
final class UiHandler extends Handler.Wrapper {

    private static final String PREFIX = "/ui";
    private static final HttpField POLICY = new PreEncodedHttpField("Content-Security-Policy",
            "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                    + "frame-ancestors 'none'");
    private static final HttpField NO_SNIFF = new PreEncodedHttpField("X-Content-Type-Options", "nosniff");
    private static final HttpField NO_REFERRER = new PreEncodedHttpField("Referrer-Policy", "no-referrer");
    private static final HttpField REVALIDATE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-cache");

    private final UiFiles files = new UiFiles("ui");

    UiHandler(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        String rest = RawPaths.under(path, PREFIX);
        boolean read = HttpMethod.GET.is(request.getMethod()) || HttpMethod.HEAD.is(request.getMethod());
        if (rest == null) {
            if (path.equals("/") && read && wantsHtml(request.getHeaders().get(HttpHeader.ACCEPT))) {
                Response.sendRedirect(request, response, callback, HttpStatus.FOUND_302, PREFIX + "/", false);
                return true;
            }
            return super.handle(request, response, callback);
        }
        if (!read) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            JettyReplies.problem(response, callback, new RequestRefused(ProblemType.METHOD_NOT_ALLOWED,
                    request.getMethod() + " is not answered under /ui; the web UI is read with GET"));
            return true;
        }
        if (path.equals(PREFIX)) {
            Response.sendRedirect(request, response, callback, HttpStatus.MOVED_PERMANENTLY_301, PREFIX + "/", false);
            return true;
        }
        UiFiles.File file = files.get(rest.isEmpty() ? "index.html" : rest);
        if (file == null) {
            JettyReplies.problem(response, callback, new NotFound("the web UI has no file '" + rest + "'", null));
            return true;
        }
        send(request, response, callback, file);
        return true;
    }

    private static void send(Request request, Response response, Callback callback, UiFiles.File file) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, file.type());
        response.getHeaders().put(HttpHeader.ETAG, file.etag());
        response.getHeaders().put(REVALIDATE);
        response.getHeaders().put(POLICY);
        response.getHeaders().put(NO_SNIFF);
        response.getHeaders().put(NO_REFERRER);
        if (EntityTags.matches(request.getHeaders().get(HttpHeader.IF_NONE_MATCH), file.etag())) {
            response.setStatus(HttpStatus.NOT_MODIFIED_304);
            response.write(true, null, callback);
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, file.bytes().length);
        response.write(true, HttpMethod.HEAD.is(request.getMethod()) ? null : ByteBuffer.wrap(file.bytes()), callback);
    }

    /** Browsers ask for {@code text/html} by name; curl sends {@code *}{@code /*} and scripts JSON. */
    static boolean wantsHtml(String accept) {
        return accept != null && accept.contains("text/html");
    }
}
