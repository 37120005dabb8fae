package dev.lighthouse.cluster;

/** What a node is doing, as {@code /health} reports it and as members tell each other. */
public enum NodeState {
    /** Serving current data: a member, caught up, with a leader. */
    ACTIVE("active"),
    /** Not a member yet, not seeded, or catching up with the leader: reads would be stale. */
    JOINING("joining"),
    /** A member without a leader: reads are served, writes wait for one. */
    NO_QUORUM("no-quorum"),
    /** This node saw a member serve another document under a seq it holds. */
    DIVERGED("diverged"),
    /** No longer a Raft member: it keeps serving reads but never asks to join again. */
    REMOVED("removed");

    private final String text;

    NodeState(String text) {
        this.text = text;
    }

    /** The name in {@code /health}, {@code /cluster} and the members' status messages. */
    public String text() {
        return text;
    }

    /** Whether {@code /data} may answer from this node's state. */
    public boolean servesReads() {
        return this != JOINING && this != DIVERGED;
    }

    /** @return the state named {@code text}, or JOINING for a name this build does not know */
    static NodeState of(String text) {
        for (NodeState state : values()) {
            if (state.text.equals(text)) {
                return state;
            }
        }
        return JOINING;
    }
}
