package dev.lighthouse.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Turns an error reply into the exception an application catches, problem and all. */
final class Problems {

    private static final int MAX_TEXT = 200;

    private Problems() {
    }

    static LighthouseException of(int status, String contentType, byte[] body, ObjectMapper json) {
        ObjectNode problem = parse(contentType, body, json);
        if (!problem.has("status")) {
            problem.put("status", status);
        }
        String type = shortType(text(problem, "type", "http-" + status));
        String message = describe(status, problem, body);
        return switch (status) {
            case 401, 403 -> new AccessDeniedException(message, status, type, problem);
            case 404 -> new NotFoundException(message, problem);
            case 409, 412 -> new ConflictException(message, status, type, problem);
            case 503, 507 -> new UnavailableException(message, status, type, problem, outcome(problem), null);
            default -> new LighthouseException(message, status, type, problem, outcome(problem), null);
        };
    }

    private static ObjectNode parse(String contentType, byte[] body, ObjectMapper json) {
        if (contentType != null && contentType.contains("json") && body.length > 0) {
            try {
                JsonNode parsed = json.readTree(body);
                if (parsed instanceof ObjectNode object) {
                    return object;
                }
            } catch (IOException notJson) {
                // a proxy's or a broken server's reply: described from the status line below
            }
        }
        return JsonNodeFactory.instance.objectNode();
    }

    /** {@code /problems/lock-held} as {@code lock-held}: the name the docs' table uses. */
    private static String shortType(String type) {
        String name = type.substring(type.lastIndexOf('/') + 1);
        return name.isEmpty() ? type : name;
    }

    private static LighthouseException.Outcome outcome(JsonNode problem) {
        String outcome = text(problem, "outcome", "");
        return switch (outcome) {
            case "not-applied" -> LighthouseException.Outcome.NOT_APPLIED;
            case "unknown" -> LighthouseException.Outcome.UNKNOWN;
            default -> LighthouseException.Outcome.NONE;
        };
    }

    /** One line: {@code 409 Lock held: held by 'ops' (outcome: not-applied)}. */
    private static String describe(int status, JsonNode problem, byte[] body) {
        StringBuilder line = new StringBuilder().append(status);
        String title = text(problem, "title", "");
        String detail = text(problem, "detail", "");
        if (!title.isBlank()) {
            line.append(' ').append(oneLine(title));
        }
        if (!detail.isBlank()) {
            line.append(": ").append(oneLine(detail));
        } else if (title.isBlank()) {
            String text = new String(body, StandardCharsets.UTF_8).strip().lines().findFirst().orElse("");
            if (!text.isEmpty() && !text.startsWith("<")) {
                line.append(": ").append(text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "..." : text);
            }
        }
        String outcome = text(problem, "outcome", "");
        if (!outcome.isBlank()) {
            line.append(" (outcome: ").append(oneLine(outcome)).append(')');
        }
        return line.toString();
    }

    private static String text(JsonNode problem, String field, String otherwise) {
        JsonNode value = problem.get(field);
        return value != null && value.isValueNode() ? value.asText() : otherwise;
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
