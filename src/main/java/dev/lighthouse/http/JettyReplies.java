package dev.lighthouse.http;

import dev.lighthouse.error.LighthouseException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Writing replies on the plain-Jetty paths that bypass Jersey. */
final class JettyReplies {

    static final HttpField JSON = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
    static final HttpField PROBLEM = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, ProblemWriter.MEDIA_TYPE);

    private JettyReplies() {
    }

    static void problem(Response response, Callback callback, LighthouseException problem) {
        problem.headers().forEach(response.getHeaders()::put);
        send(response, callback, problem.status(), ProblemWriter.body(problem));
    }

    /** 200 with a JSON body (none for HEAD, with the length a GET's would have). */
    static void json(Request request, Response response, Callback callback, byte[] json) {
        response.getHeaders().put(JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, json.length);
        response.write(true, HttpMethod.HEAD.is(request.getMethod()) ? null : ByteBuffer.wrap(json), callback);
    }

    static void send(Response response, Callback callback, int status, byte[] problemBody) {
        response.setStatus(status);
        response.getHeaders().put(PROBLEM);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, problemBody.length);
        response.write(true, ByteBuffer.wrap(problemBody), callback);
    }
}
