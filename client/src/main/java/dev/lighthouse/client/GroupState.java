package dev.lighthouse.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A group as it stood at one change.
 *
 * @param limit   how many members hold (0: every member does)
 * @param rev     the group's last change, from the cluster-wide counter
 * @param members in rank order
 */
public record GroupState(String group, int limit, long rev, List<GroupMember> members) {

    static GroupState of(JsonNode group) {
        List<GroupMember> members = new ArrayList<>();
        group.path("members").forEach(member -> members.add(GroupMember.of(member)));
        return new GroupState(group.path("group").asText(), group.path("limit").asInt(), group.path("rev").asLong(),
                List.copyOf(members));
    }

    /** The members that hold, in rank order. */
    public List<GroupMember> holders() {
        return members.stream().filter(GroupMember::holder).toList();
    }

    /** The member so named, if it is in the group. */
    public Optional<GroupMember> member(String name) {
        return members.stream().filter(member -> member.member().equals(name)).findFirst();
    }
}
