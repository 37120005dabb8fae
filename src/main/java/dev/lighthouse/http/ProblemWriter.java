package dev.lighthouse.http;

import dev.lighthouse.error.Futures;
import dev.lighthouse.error.InternalFailure;
import dev.lighthouse.error.LighthouseException;
import dev.lighthouse.error.ProblemType;
import dev.lighthouse.error.RequestRefused;
import dev.lighthouse.tree.NumberNode;
import dev.lighthouse.tree.ObjectNode;
import dev.lighthouse.tree.StringNode;
import java.util.Map;
import java.util.Set;

/**
 * The one place that turns errors into RFC 9457 problem details, from the
 * {@link ProblemType} table. Client errors show their detail; anything
 * unexpected becomes an {@link InternalFailure}, logged under a random id
 * of which the client sees only the id, never a stack trace.
 */
public final class ProblemWriter {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final Set<String> STANDARD_MEMBERS = Set.of("type", "title", "status", "detail");

    private ProblemWriter() {
    }

    public static byte[] body(LighthouseException problem) {
        ProblemType type = problem.problem();
        return body(type.uri(), type.title(), type.status(), problem.detail(), problem.extensions());
    }

    /**
     * The problem to answer with for anything a handler threw or a future failed with: its own
     * {@link LighthouseException}, or else an internal failure (logged). A client that went away
     * is no failure of ours: that is logged at debug, and whatever is answered reaches nobody.
     */
    public static LighthouseException problemFor(Throwable error) {
        Throwable cause = Futures.cause(error);
        if (cause instanceof LighthouseException known) {
            return known;
        }
        if (ClientGone.is(cause)) {
            ClientGone.log(cause);
            return new RequestRefused(ProblemType.INVALID_INPUT, "the connection closed before the exchange completed");
        }
        return InternalFailure.logged("answering a request", cause);
    }

    /**
     * For statuses the HTTP machinery raises by itself (unknown route, wrong method, bad URI): its
     * problem type from the table; a status the table lacks is {@code http-<status>}; a 5xx is an
     * internal failure (use status 500 for the reply).
     */
    public static byte[] forStatus(int status, String detail) {
        ProblemType type = ProblemType.ofHttpStatus(status);
        if (type != null) {
            return body(new RequestRefused(type, detail));
        }
        if (status >= 500) {
            return body(InternalFailure.logged("the HTTP server answered " + status + ": " + detail, null));
        }
        return body("/problems/http-" + status, "HTTP " + status, status, detail, Map.of());
    }

    private static byte[] body(String type, String title, int status, String detail, Map<String, Object> extensions) {
        ObjectNode node = ObjectNode.EMPTY
                .with("type", StringNode.of(type))
                .with("title", StringNode.of(title))
                .with("status", NumberNode.of(status))
                .with("detail", StringNode.of(detail));
        for (Map.Entry<String, Object> extension : extensions.entrySet()) {
            if (STANDARD_MEMBERS.contains(extension.getKey())) {
                throw new IllegalStateException("a problem's '" + extension.getKey() + "' is RFC 9457's, not an extension");
            }
            Object value = extension.getValue();
            node = node.with(extension.getKey(), value instanceof Number n ? NumberNode.of(n.longValue())
                    : StringNode.of(String.valueOf(value)));
        }
        return node.jsonBytes();
    }
}
