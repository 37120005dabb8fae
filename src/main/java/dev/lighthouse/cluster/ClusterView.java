package dev.lighthouse.cluster;

import java.util.List;

/**
 * What {@code GET /cluster} shows.
 *
 * @param leader the leader's name, or null while there is none
 */
public record ClusterView(String self, String leader, List<Member> members) {

    /** One member as last heard of; {@code state} is active, joining or unreachable. */
    public record Member(String name, String http, String cluster, long seq, String checksum, String state) {
    }
}
