package dev.lighthouse.store;

import dev.lighthouse.error.InsufficientStorage;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node can write what it must. Each writer reports its own
 * {@link Part} failing (with the reason) and recovered again; the node is
 * failing while any part is, and then refuses new writes up front
 * ({@link #refuseWritesIfFailing}) so nothing is half-written, while reads go
 * on serving the last good version. Every writer retries on its own, so the
 * node recovers without a restart once space comes back.
 *
 * <p>Each change of a part's state is logged once: an ERROR when it starts
 * failing, an INFO when it recovers, never one line per retry. Thread-safe.
 */
public final class StorageHealth {

    private static final Logger LOG = LoggerFactory.getLogger(StorageHealth.class);

    /** What a node writes, each retried by its own writer after a failure. */
    public enum Part {
        RAFT_LOG("the Raft log"),
        RAFT_SNAPSHOT("the Raft snapshot"),
        VERSION_FILES("data.d version files"),
        VERSION_SYNC("data.d sync"),
        HOOKS("data.d/hooks.json"),
        MEMBERS("data.d/cluster/members.json");

        private final String text;

        Part(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private final Map<Part, String> failing = new EnumMap<>(Part.class);
    private final AtomicLong failures = new AtomicLong();
    private volatile String summary;

    /** Reports {@code part} failing; logs only when it was not failing already. */
    public void failing(Part part, String reason) {
        boolean fresh;
        synchronized (this) {
            fresh = failing.put(part, reason) == null;
            summarise();
        }
        if (fresh) {
            failures.incrementAndGet();
            LOG.error("storage failing: {} could not be written ({}); refusing writes until it can, serving reads;"
                    + " retrying by itself", part.text(), reason);
        }
    }

    /** Reports {@code part} written again; logs only when it was failing. */
    public void recovered(Part part) {
        boolean was;
        boolean allWell;
        synchronized (this) {
            was = failing.remove(part) != null;
            summarise();
            allWell = failing.isEmpty();
        }
        if (was) {
            LOG.info("storage recovered: {} can be written again{}", part.text(),
                    allWell ? "; accepting writes" : "; still failing: " + summary);
        }
    }

    public boolean isFailing() {
        return summary != null;
    }

    public boolean isFailing(Part part) {
        synchronized (this) {
            return failing.containsKey(part);
        }
    }

    /** What is failing and why, for {@code /health}; null while all is well. */
    public String summary() {
        return summary;
    }

    /** How many times a part went from healthy to failing since start, for {@code /metrics}. */
    public long failures() {
        return failures.get();
    }

    /** @throws InsufficientStorage while any part is failing: the write would not be made durable */
    public void refuseWritesIfFailing() {
        String now = summary;
        if (now != null) {
            throw new InsufficientStorage("this node cannot write to its disk now (" + now
                    + "); nothing was applied; retry once space is freed");
        }
    }

    private void summarise() {
        if (failing.isEmpty()) {
            summary = null;
            return;
        }
        StringBuilder text = new StringBuilder();
        failing.forEach((part, reason) -> text.append(text.length() == 0 ? "" : "; ").append(part.text())
                .append(": ").append(reason));
        summary = text.toString();
    }
}
