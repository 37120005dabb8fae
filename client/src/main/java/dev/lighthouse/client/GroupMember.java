package dev.lighthouse.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One member of a group, as the group lists it.
 *
 * @param rank   its place in join order, from 1
 * @param holder whether it is among the first {@code limit} (every member holds without a limit)
 * @param token  its fencing token while it holds (0 while it waits)
 */
public record GroupMember(String member, String session, JsonNode value, int rank, boolean holder, long token,
                          Instant since) {

    static GroupMember of(JsonNode member) {
        return new GroupMember(member.path("member").asText(), member.path("session").asText(null),
                member.get("value"), member.path("rank").asInt(), member.path("holder").asBoolean(),
                member.path("token").asLong(), member.hasNonNull("since") ? Instant.parse(member.get("since").asText())
                : null);
    }
}
