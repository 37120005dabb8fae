package dev.lighthouse.http;

import dev.lighthouse.apply.Edit;
import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.error.ProblemType;
import dev.lighthouse.error.RequestRefused;
import dev.lighthouse.tree.JsonPatch;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.Node;
import java.util.Locale;

/** Turns a PATCH body into an edit by its content type: RFC 6902 or RFC 7396, nothing else. */
final class PatchBodies {

    static final String JSON_PATCH = "application/json-patch+json";
    static final String MERGE_PATCH = "application/merge-patch+json";

    private PatchBodies() {
    }

    /** Checks the type before the body is read, so a wrong type is 415 whatever the body holds. */
    static String patchType(String contentType) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals(JSON_PATCH) && !type.equals(MERGE_PATCH)) {
            throw new RequestRefused(ProblemType.UNSUPPORTED_MEDIA_TYPE, "PATCH takes " + JSON_PATCH + " (RFC 6902) or " + MERGE_PATCH
                    + " (RFC 7396), not '" + (type.isEmpty() ? "none" : type) + "'");
        }
        return type;
    }

    /** {@code If-Match: "<seq>"} (quotes optional); {@code *} or no header means any version. */
    static Long expectedSeq(String ifMatch) {
        if (ifMatch == null || ifMatch.trim().equals("*")) {
            return null;
        }
        String tag = ifMatch.trim();
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        if (!tag.matches("\\d{1,18}")) {
            throw new InvalidInput("If-Match must be a quoted version seq such as \"42\", not " + ifMatch);
        }
        return Long.parseLong(tag);
    }

    static Edit edit(String type, JsonPath path, Node body) {
        return type.equals(JSON_PATCH) ? new Edit.Patch(JsonPatch.parse(body, path)) : new Edit.Merge(path, body);
    }
}
