package dev.lighthouse.coord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The leader's deadlines for its sessions, on a monotonic clock (nanoseconds, as from
 * {@link System#nanoTime}) so that a wall-clock step never expires anyone. Not replicated:
 * renewals are not log writes. A leader builds it when it takes office, giving every session a
 * full ttl from that moment (or the remaining ttl last checkpointed, if smaller), so that no
 * session ever expires because of the fail-over itself; a node that stops leading drops it.
 *
 * <p>Not thread-safe: one keeper thread owns it.
 */
public final class SessionClock {

    private record Lease(Duration ttl, long deadline) {
    }

    private final Map<String, Lease> leases = new HashMap<>();
    private final Set<String> expiring = new HashSet<>();
    /**
     * No lease outside {@link #expiring} has a deadline before this, while {@link #bounded}: the
     * leader looks for lapsed sessions ten times a second, and with thousands of sessions renewed
     * every ttl/3 nearly every look would find none after a scan of them all. Renewals only move
     * a deadline later, so they never invalidate the bound; whatever may set an earlier one
     * lowers it or drops it.
     */
    private long noneBefore;
    private boolean bounded;

    /** Taking office (or resuming after a pause): every known session runs from {@code now}. */
    public void restart(Iterable<Session> sessions, long now) {
        leases.clear();
        expiring.clear();
        bounded = false;
        for (Session session : sessions) {
            Duration first = session.checkpoint() != null && session.checkpoint().compareTo(session.ttl()) < 0
                    ? session.checkpoint() : session.ttl();
            leases.put(session.id(), new Lease(session.ttl(), now + first.toNanos()));
        }
    }

    /** A session the log just opened: a full ttl from now, unless this clock already runs it. */
    public void opened(Session session, long now) {
        if (!leases.containsKey(session.id())) {
            long deadline = now + session.ttl().toNanos();
            leases.put(session.id(), new Lease(session.ttl(), deadline));
            lower(deadline);
        }
    }

    /** A session the log ended. */
    public void ended(String id) {
        leases.remove(id);
        expiring.remove(id);
    }

    /**
     * @return the new deadline, or -1 when this clock does not know the session (it ended, or
     *         expiry was already proposed and waits for the log)
     */
    public long renew(String id, long now) {
        Lease lease = leases.get(id);
        if (lease == null || expiring.contains(id)) {
            return -1;
        }
        long deadline = now + lease.ttl().toNanos();
        leases.put(id, new Lease(lease.ttl(), deadline));
        lower(deadline); // a renewer that read the clock before another's can set an earlier one
        return deadline;
    }

    /** The deadline, or -1 when unknown. */
    public long deadline(String id) {
        Lease lease = leases.get(id);
        return lease == null ? -1 : lease.deadline();
    }

    /**
     * Sessions past their deadline and not yet proposed for expiry, at most {@code max}; each is
     * marked as proposed, so renewals of it wait for the log's verdict.
     */
    public List<String> takeLapsed(long now, int max) {
        if (bounded && now - noneBefore < 0) {
            return List.of();
        }
        List<String> lapsed = new ArrayList<>();
        boolean first = true;
        long earliest = 0;
        for (Map.Entry<String, Lease> entry : leases.entrySet()) {
            long deadline = entry.getValue().deadline();
            if (expiring.contains(entry.getKey())) {
                continue;
            }
            if (deadline - now <= 0) {
                if (lapsed.size() >= max) {
                    bounded = false; // the rest are for the next look
                    expiring.addAll(lapsed);
                    return lapsed;
                }
                lapsed.add(entry.getKey());
            } else if (first || deadline - earliest < 0) {
                earliest = deadline;
                first = false;
            }
        }
        expiring.addAll(lapsed);
        bounded = !first;
        noneBefore = earliest;
        return lapsed;
    }

    private void lower(long deadline) {
        if (bounded && deadline - noneBefore < 0) {
            noneBefore = deadline;
        }
    }

    /** An expiry the log dropped (an older term's): the session runs on with a fresh ttl. */
    public void expiryDropped(String id, long now) {
        expiring.remove(id);
        Lease lease = leases.get(id);
        if (lease != null) {
            long deadline = now + lease.ttl().toNanos();
            leases.put(id, new Lease(lease.ttl(), deadline));
            lower(deadline);
        }
    }

    /** The remaining ttl of each session whose ttl is at least {@code minTtl}: what checkpoints record. */
    public Map<String, Duration> remaining(Duration minTtl, long now) {
        Map<String, Duration> remaining = new HashMap<>();
        for (Map.Entry<String, Lease> entry : leases.entrySet()) {
            if (entry.getValue().ttl().compareTo(minTtl) >= 0) {
                remaining.put(entry.getKey(), Duration.ofNanos(Math.max(0, entry.getValue().deadline() - now)));
            }
        }
        return remaining;
    }

    public int size() {
        return leases.size();
    }
}
