package dev.lighthouse.http;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/** Errors Jetty raises before our handlers run (bad URI, oversized headers) as problem details, not HTML. */
final class ProblemErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 && response.getStatus() < 500 ? response.getStatus() : 500;
        Object message = request.getAttribute(ERROR_MESSAGE);
        String detail = message == null ? "the request could not be processed (HTTP " + status + ")" : message.toString();
        JettyReplies.send(response, callback, status, ProblemWriter.forStatus(status, detail));
        return true;
    }
}
