package dev.lighthouse.error;

import java.util.Map;

/**
 * The node cannot make a write durable now (its disk is full or failing), so it
 * refused the write before it reached the Raft log: nothing was applied, and
 * the same request can be sent again once the storage recovers (the node
 * resumes by itself). Travels between members too, as a forwarded write's
 * refusal, hence serializable like every exception.
 */
public class InsufficientStorage extends LighthouseException {

    private static final long serialVersionUID = 1L;

    public InsufficientStorage(String detail) {
        super(detail);
    }

    @Override
    public int status() {
        return 507;
    }

    @Override
    public String type() {
        return "insufficient-storage";
    }

    @Override
    public String title() {
        return "Insufficient storage";
    }

    @Override
    public Map<String, Object> extensions() {
        return Map.of("outcome", Unavailable.Outcome.NOT_APPLIED.text());
    }
}
