package dev.lighthouse.http;

import dev.lighthouse.error.ProblemType;
import dev.lighthouse.error.RequestRefused;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Outermost handler on an HTTPS port: a request that arrived over plain HTTP gets a 400
 * problem saying so, and its connection is closed; nothing else is served without TLS.
 */
final class HttpsOnly extends Handler.Wrapper {

    HttpsOnly(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (request.isSecure()) {
            return super.handle(request, response, callback);
        }
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        String https = "https://" + Request.getServerName(request) + ":" + Request.getServerPort(request) + "/";
        JettyReplies.problem(response, callback, new RequestRefused(ProblemType.HTTPS_REQUIRED,
                "this port serves HTTPS only; send the request to " + https));
        return true;
    }
}
