package dev.lighthouse.http;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises before or around our handlers (bad URI, oversized headers, a reply that
 * failed) as problem details, not HTML. A reply that failed because the client went away has
 * nobody to answer: it is logged at debug and nothing is written.
 */
final class ProblemErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (request.getAttribute(ERROR_EXCEPTION) instanceof Throwable failure && ClientGone.is(failure)) {
            ClientGone.log(failure);
            callback.succeeded();
            return true;
        }
        int status = response.getStatus() >= 400 && response.getStatus() < 500 ? response.getStatus() : 500;
        Object message = request.getAttribute(ERROR_MESSAGE);
        String detail = message == null ? "the request could not be processed (HTTP " + status + ")" : message.toString();
        JettyReplies.send(response, callback, status, ProblemWriter.forStatus(status, detail));
        return true;
    }
}
