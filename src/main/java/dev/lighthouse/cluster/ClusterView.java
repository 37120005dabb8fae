package dev.lighthouse.cluster;

import java.util.List;

/**
 * What {@code GET /cluster} shows.
 *
 * @param leader     the leader's name, or null while there is none
 * @param divergence what this node saw disagree (same seq, other checksum), or null
 */
public record ClusterView(String self, String leader, List<Member> members, String divergence) {

    /** One member as last heard of; {@code state} is active, joining or unreachable. */
    public record Member(String name, String http, String cluster, long seq, String checksum, String state) {
    }
}
