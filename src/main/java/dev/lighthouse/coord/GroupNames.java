package dev.lighthouse.coord;

import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.tree.JsonPath;

/**
 * A group's name as clients write it (in a URL after {@code /groups/}, or in a hook's
 * {@code "group"}): segments joined by {@code /}, a {@code %} or {@code /} inside a segment
 * percent-encoded, so the text reads back as the same group.
 */
public final class GroupNames {

    private GroupNames() {
    }

    /**
     * @throws InvalidInput for a malformed escape, or a name the rules of {@code /groups/{g}} refuse
     */
    public static JsonPath parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidInput("a group needs a name");
        }
        return checked(JsonPath.fromUrl(text));
    }

    /** @throws InvalidInput when {@code group} breaks the rules every group name meets */
    public static JsonPath checked(JsonPath group) {
        Names.checkGroup(group);
        return group;
    }

    public static String text(JsonPath group) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < group.size(); i++) {
            if (i > 0) {
                out.append('/');
            }
            String segment = group.segment(i);
            out.append(segment.indexOf('%') < 0 && segment.indexOf('/') < 0 ? segment
                    : segment.replace("%", "%25").replace("/", "%2F"));
        }
        return out.toString();
    }
}
