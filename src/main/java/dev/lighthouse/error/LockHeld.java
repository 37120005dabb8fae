package dev.lighthouse.error;

import java.util.Map;

/** The update lock is held under another name. */
public class LockHeld extends LighthouseException {

    private final String holder;

    public LockHeld(String holder) {
        super(ProblemType.LOCK_HELD, "the update lock is held by '" + holder + "'");
        this.holder = holder;
    }

    public String holder() {
        return holder;
    }

    @Override
    public Map<String, Object> extensions() {
        return Map.of("holder", holder);
    }
}
