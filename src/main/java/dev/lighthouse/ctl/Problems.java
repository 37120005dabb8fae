package dev.lighthouse.ctl;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One line for an error reply: {@code 404 Not found: nothing at /x}, from the RFC 9457
 * problem the server sends ({@code status}, {@code title}, {@code detail}), or from the
 * status line and the start of the body when the reply is not a problem (a proxy's page).
 */
final class Problems {

    private static final int MAX_TEXT = 200;

    private Problems() {
    }

    static String describe(int status, String reason, String contentType, byte[] body) {
        if (contentType != null && contentType.contains("json") && body.length > 0) {
            try {
                Object parsed = JsonTree.read(body);
                if (parsed instanceof Map<?, ?> map) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> problem = (Map<String, Object>) map;
                    return fromProblem(status, problem);
                }
            } catch (CtlFailure notJson) {
                // fall through to the plain description
            }
        }
        String text = firstLine(new String(body, StandardCharsets.UTF_8));
        String head = reason == null || reason.isBlank() ? String.valueOf(status) : status + " " + reason;
        return text.isEmpty() || text.startsWith("<") ? head : head + ": " + text;
    }

    private static String fromProblem(int status, Map<String, Object> problem) {
        StringBuilder line = new StringBuilder().append(status);
        String title = JsonTree.text(problem, "title");
        if (title != null && !title.isBlank()) {
            line.append(' ').append(oneLine(title));
        }
        String detail = JsonTree.text(problem, "detail");
        if (detail != null && !detail.isBlank()) {
            line.append(": ").append(oneLine(detail));
        }
        String outcome = JsonTree.text(problem, "outcome");
        if (outcome != null) {
            line.append(" (outcome: ").append(oneLine(outcome)).append(')');
        }
        return line.toString();
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > MAX_TEXT ? line.substring(0, MAX_TEXT) + "..." : line;
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
