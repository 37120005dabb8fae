package dev.lighthouse.coord;

import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.tree.JsonPath;

/**
 * The rules group and member names meet. They are the document's path rules, checked again
 * here because a command may come from anywhere (a log replayed, a future client), and a name
 * the URL could never express must not become state. No group segment may be {@code members},
 * so {@code /groups/srv/dm/members/host1} has one reading.
 */
final class Names {

    static final String MEMBERS = "members";

    private Names() {
    }

    static void checkGroup(JsonPath group) {
        if (group == null || group.isRoot()) {
            throw new InvalidInput("a group needs a name");
        }
        for (int i = 0; i < group.size(); i++) {
            checkSegment(group.segment(i), "group name");
            if (group.segment(i).equals(MEMBERS)) {
                throw new InvalidInput("no segment of a group name may be '" + MEMBERS + "': '" + text(group) + "'");
            }
        }
    }

    static void checkMember(String member) {
        checkSegment(member, "member name");
    }

    private static void checkSegment(String segment, String what) {
        if (segment == null || segment.isEmpty()) {
            throw new InvalidInput("a " + what + " may not be empty or have an empty segment");
        }
        if (segment.equals(".") || segment.equals("..")) {
            throw new InvalidInput("'.' and '..' are not allowed in a " + what);
        }
        if (segment.indexOf('\0') >= 0) {
            throw new InvalidInput("NUL is not allowed in a " + what);
        }
    }

    /** A group's name as clients write it, for messages: its segments joined by '/'. */
    static String text(JsonPath group) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < group.size(); i++) {
            out.append(i == 0 ? "" : "/").append(group.segment(i));
        }
        return out.toString();
    }
}
