package dev.lighthouse.error;

import java.util.Map;

/**
 * The node cannot make a write durable now (its disk is full or failing), so it
 * refused the write before it reached the Raft log: nothing was applied, and
 * the same request can be sent again once the storage recovers (the node
 * resumes by itself). Travels between members too, Java-serialized by
 * jgroups-raft as a forwarded write's refusal, so it must stay serializable
 * and keep its class name.
 */
public class InsufficientStorage extends LighthouseException {

    private static final long serialVersionUID = 2L;

    public InsufficientStorage(String detail) {
        super(ProblemType.INSUFFICIENT_STORAGE, detail);
    }

    @Override
    public Map<String, Object> extensions() {
        return Map.of("outcome", Unavailable.Outcome.NOT_APPLIED.text());
    }
}
