package dev.lighthouse.coord;

/**
 * Bounds on the coordination state, so no client can grow it without end.
 *
 * @param maxSessions         sessions in the whole cluster
 * @param maxGroupMembers     members in one group
 * @param maxMemberValueBytes a member's value, as compact JSON
 */
public record CoordinationLimits(int maxSessions, int maxGroupMembers, int maxMemberValueBytes) {

    public static final CoordinationLimits DEFAULT = new CoordinationLimits(100_000, 10_000, 64 * 1024);
}
