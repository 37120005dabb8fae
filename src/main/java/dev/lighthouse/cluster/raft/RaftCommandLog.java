package dev.lighthouse.cluster.raft;

import dev.lighthouse.apply.Command;
import dev.lighthouse.apply.CommandLog;
import dev.lighthouse.apply.Outcome;
import dev.lighthouse.error.Futures;
import dev.lighthouse.error.InsufficientStorage;
import dev.lighthouse.error.LighthouseException;
import dev.lighthouse.error.Unavailable;
import dev.lighthouse.store.StorageHealth;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jgroups.raft.RaftHandle;
import org.jgroups.protocols.raft.RaftLeaderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands through the Raft log. On the leader an entry is appended and
 * replicated; on a follower jgroups-raft forwards it to the leader. Either
 * way the client's answer comes when this node applies the entry (see
 * {@link ReplicatedStateMachine}). While no leader is known (an election)
 * submission is retried until the write timeout, then fails as not applied.
 */
public final class RaftCommandLog implements CommandLog {

    private static final Logger LOG = LoggerFactory.getLogger(RaftCommandLog.class);
    private static final long RETRY_MILLIS = 50;

    private final RaftHandle raft;
    private final PendingRequests pending;
    private final Duration timeout;
    private final StorageHealth health;
    /** Requests a follower forwarded, by the leader they went to: failed fast if that leader leaves. */
    private final java.util.Map<CompletableFuture<Outcome>, org.jgroups.Address> forwarded =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "lighthouse-submit-retry");
        t.setDaemon(true);
        return t;
    });

    public RaftCommandLog(RaftHandle raft, PendingRequests pending, Duration timeout, StorageHealth health) {
        this.raft = raft;
        this.pending = pending;
        this.timeout = timeout;
        this.health = health;
    }

    /**
     * Refused at once, with nothing applied, while this node's storage fails: it could not make
     * the entry durable, and as a follower it could not apply it to answer.
     */
    @Override
    public CompletableFuture<Outcome> submit(Command command) {
        try {
            health.refuseWritesIfFailing();
        } catch (InsufficientStorage refused) {
            return CompletableFuture.failedFuture(refused);
        }
        PendingRequests.Pending request = new PendingRequests.Pending(command, new CompletableFuture<>());
        CommandCodec.RequestId id = pending.register(request);
        byte[] entry = CommandCodec.encode(id, command);
        request.result().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        send(entry, request.result(), System.nanoTime() + timeout.toNanos());
        return request.result();
    }

    private void send(byte[] entry, CompletableFuture<Outcome> result, long deadline) {
        if (result.isDone()) {
            return;
        }
        try {
            org.jgroups.Address leader = raft.leader();
            if (leader != null && !raft.isLeader()) {
                forwarded.put(result, leader);
                result.whenComplete((outcome, error) -> forwarded.remove(result));
            }
            raft.setAsync(entry, 0, entry.length, null).whenComplete((ignored, error) -> {
                if (error != null) {
                    Throwable cause = Futures.cause(error);
                    if (cause instanceof RaftLeaderException) {
                        retryOrGiveUp(entry, result, deadline, cause);
                    } else if (cause instanceof LighthouseException refused) {
                        result.completeExceptionally(refused); // the leader's own refusal, such as a full disk
                    } else {
                        LOG.debug("the leader did not confirm a write: {}", cause.toString());
                        result.completeExceptionally(new Unavailable("the leader did not confirm the write (it stopped"
                                + " leading, or left); it may still be applied", Unavailable.Outcome.UNKNOWN));
                    }
                }
            });
        } catch (RaftLeaderException | IllegalStateException e) {
            retryOrGiveUp(entry, result, deadline, e);
        } catch (Exception e) {
            LOG.warn("a write could not be submitted", e);
            result.completeExceptionally(new Unavailable("the write could not be submitted to the cluster",
                    Unavailable.Outcome.NOT_APPLIED));
        }
    }

    /** Not sent at all: safe to try again until the deadline. */
    private void retryOrGiveUp(byte[] entry, CompletableFuture<Outcome> result, long deadline, Throwable cause) {
        if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS) >= deadline) {
            LOG.debug("no cluster leader for a write", cause);
            result.completeExceptionally(new Unavailable("no cluster leader within " + timeout.toMillis()
                    + " ms; the write was not applied", Unavailable.Outcome.NOT_APPLIED));
            return;
        }
        retries.schedule(() -> send(entry, result, deadline), RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * jgroups-raft never fails a request forwarded to a leader that then dies; without this the
     * client would wait out the whole write timeout. Whether the entry made it into the log
     * before the leader went is unknown, so the client is told exactly that, at once.
     */
    public void membersLeft(java.util.Collection<org.jgroups.Address> gone) {
        forwarded.forEach((request, leader) -> {
            if (gone.contains(leader)) {
                request.completeExceptionally(new Unavailable("the leader this write was forwarded to ("
                        + leader + ") left the cluster; it may still be applied", Unavailable.Outcome.UNKNOWN));
            }
        });
    }

    @Override
    public void close() {
        retries.shutdownNow();
    }
}
