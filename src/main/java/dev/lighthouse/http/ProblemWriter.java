package dev.lighthouse.http;

import dev.lighthouse.error.LighthouseException;
import dev.lighthouse.tree.NumberNode;
import dev.lighthouse.tree.ObjectNode;
import dev.lighthouse.tree.StringNode;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns errors into RFC 9457 problem details. Client
 * errors show their detail; anything unexpected is logged under a random id
 * and the client sees only that id, never a stack trace.
 */
public final class ProblemWriter {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final Logger LOG = LoggerFactory.getLogger(ProblemWriter.class);

    private ProblemWriter() {
    }

    public static byte[] body(LighthouseException problem) {
        return body(problem.status(), problem.type(), problem.title(), problem.detail(), problem.extensions());
    }

    public static byte[] body(int status, String type, String title, String detail, Map<String, Object> extensions) {
        ObjectNode node = ObjectNode.EMPTY
                .with("type", StringNode.of("/problems/" + type))
                .with("title", StringNode.of(title))
                .with("status", NumberNode.of(status))
                .with("detail", StringNode.of(detail));
        for (Map.Entry<String, Object> extension : extensions.entrySet()) {
            Object value = extension.getValue();
            node = node.with(extension.getKey(), value instanceof Number n ? NumberNode.of(n.longValue())
                    : StringNode.of(String.valueOf(value)));
        }
        return node.jsonBytes();
    }

    /** For an error that is not the client's: logs it and returns a 500 problem naming only an id. */
    public static byte[] internal(Throwable error) {
        String id = UUID.randomUUID().toString();
        LOG.error("internal error {}", id, error);
        return body(500, "internal-error", "Internal server error",
                "the server failed to answer this request; the log has details under id " + id, Map.of());
    }

    /** For errors raised by the HTTP machinery itself (unknown route, wrong method, bad URI). */
    public static byte[] forStatus(int status, String detail) {
        return switch (status) {
            case 400 -> body(status, "invalid-input", "Invalid input", detail, Map.of());
            case 404 -> body(status, "not-found", "Not found", detail, Map.of());
            case 405 -> body(status, "method-not-allowed", "Method not allowed", detail, Map.of());
            case 406 -> body(status, "not-acceptable", "Not acceptable", detail, Map.of());
            case 413 -> body(status, "payload-too-large", "Request body too large", detail, Map.of());
            case 414 -> body(status, "uri-too-long", "Request path too long", detail, Map.of());
            case 415 -> body(status, "unsupported-media-type", "Unsupported media type", detail, Map.of());
            case 431 -> body(status, "headers-too-large", "Request headers too large", detail, Map.of());
            default -> status >= 500 ? internal(new IllegalStateException("HTTP " + status + ": " + detail))
                    : body(status, "http-" + status, "HTTP " + status, detail, Map.of());
        };
    }
}
