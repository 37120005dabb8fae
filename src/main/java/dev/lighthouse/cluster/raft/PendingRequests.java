package dev.lighthouse.cluster.raft;

import dev.lighthouse.apply.Command;
import dev.lighthouse.apply.Outcome;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Commands this node submitted and is waiting to see applied, keyed by the
 * request id written into their log entry. The origin is random per process,
 * so entries a previous incarnation of this node left in the log never match.
 */
public final class PendingRequests {

    /** A submitted command and the result its client waits for. */
    record Pending(Command command, CompletableFuture<Outcome> result) {
    }

    private final long origin = new SecureRandom().nextLong();
    private final AtomicLong counter = new AtomicLong();
    private final ConcurrentHashMap<Long, Pending> waiting = new ConcurrentHashMap<>();

    CommandCodec.RequestId register(Pending request) {
        long id = counter.incrementAndGet();
        waiting.put(id, request);
        request.result().whenComplete((outcome, error) -> waiting.remove(id));
        return new CommandCodec.RequestId(origin, id);
    }

    /** @return the local request for this entry, or null when another node (or incarnation) submitted it */
    Pending take(CommandCodec.RequestId id) {
        return id.origin() == origin ? waiting.remove(id.counter()) : null;
    }

    int size() {
        return waiting.size();
    }
}
