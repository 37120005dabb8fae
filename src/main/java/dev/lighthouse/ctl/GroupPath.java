package dev.lighthouse.ctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A group's name in a URL, and its members as the server lists them. */
final class GroupPath {

    private GroupPath() {
    }

    /** {@code srv/dm} → {@code srv/dm}, each segment encoded; a leading slash is optional. */
    static String encode(String group) {
        String encoded = DocPath.encode(group);
        if (encoded.isEmpty()) {
            throw CtlFailure.usage("a group needs a name, such as mysql or srv/dm");
        }
        return encoded;
    }

    /** The members of a {@code GET /groups/{g}} reply, in rank order. */
    static List<Map<String, Object>> members(byte[] group) {
        return members(JsonTree.object(group, "group"));
    }

    static List<Map<String, Object>> members(Map<String, Object> group) {
        Object members = group.get("members");
        List<Map<String, Object>> list = new ArrayList<>();
        if (members instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> member) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> typed = (Map<String, Object>) member;
                    list.add(typed);
                }
            }
        }
        return list;
    }
}
