package dev.lighthouse.http;

import dev.lighthouse.coord.GroupNames;
import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.error.NotFound;
import dev.lighthouse.tree.JsonPath;

/**
 * What a URL under {@code /groups} names: the list of groups, one group, or one member of a group.
 * A group's name is a path with the document's rules (segments percent-decoded one by one, so
 * {@code %2F} is a {@code /} inside a segment), and no segment of it may be {@code members}: the
 * first {@code members} segment therefore separates the group from the member, and
 * {@code /groups/srv/dm/members/host1} is member {@code host1} of group {@code srv/dm}.
 *
 * @param group  the group, or null for {@code /groups} itself
 * @param member the member, or null for the group as a whole
 */
record GroupTarget(JsonPath group, String member) {

    static final String MEMBERS = "members";

    /**
     * @param raw the still-encoded path after {@code /groups/}; empty for the list
     * @throws InvalidInput for a malformed path or a member URL without a group
     * @throws NotFound     for a path below a member, or {@code /members} without a member
     */
    static GroupTarget parse(String raw) {
        if (raw.isEmpty()) {
            return new GroupTarget(null, null);
        }
        JsonPath path = JsonPath.fromUrl(raw);
        int at = 0;
        while (at < path.size() && !path.segment(at).equals(MEMBERS)) {
            at++;
        }
        if (at == path.size()) {
            return new GroupTarget(path, null);
        }
        if (at == 0) {
            throw new InvalidInput("a group needs a name: /groups/{group}/members/{member}");
        }
        if (path.size() != at + 2) {
            throw new NotFound("a member's URL is /groups/{group}/members/{member}, and no segment of a group's name"
                    + " may be '" + MEMBERS + "'", null);
        }
        return new GroupTarget(path.prefix(at), path.segment(at + 1));
    }

    /**
     * A group's name as clients write it in URLs and see it in replies: segments joined by
     * {@code /}, with a {@code %} or {@code /} inside a segment percent-encoded so that the name
     * reads back as the same group.
     */
    static String text(JsonPath group) {
        return GroupNames.text(group);
    }
}
