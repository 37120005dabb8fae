package dev.lighthouse.cluster;

import dev.lighthouse.apply.Leadership;
import dev.lighthouse.cluster.raft.LighthouseRaft;
import dev.lighthouse.cluster.raft.ReadIndexClient;
import dev.lighthouse.error.Futures;
import dev.lighthouse.error.LighthouseException;
import dev.lighthouse.error.NotFound;
import dev.lighthouse.error.Unavailable;
import java.io.DataInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jgroups.Address;

/**
 * Carries session renewals from any member to the leader over the cluster channel, and the
 * leader's answer back: renewals are not log writes, so they cost one message each way and no
 * disk. A renewal that gets no answer within the write timeout fails as unavailable, and the
 * client tries again (through this member or another), well within its ttl.
 */
final class RenewalRelay implements Leadership {

    private static final byte OK = 0;
    private static final byte ENDED = 1;
    private static final byte REFUSED = 2;

    private final LighthouseRaft raft;
    private final ReadIndexClient reads;
    private final ClusterMessages messages;
    private final Duration timeout;
    private final AtomicLong ids = new AtomicLong();
    private record Waiting(Address leader, CompletableFuture<Duration> answer) {
    }

    private final Map<Long, Waiting> waiting = new ConcurrentHashMap<>();
    private volatile Function<String, CompletableFuture<Duration>> leaderSide =
            id -> CompletableFuture.failedFuture(new Unavailable("the leader is starting; retry",
                    Unavailable.Outcome.NOT_APPLIED));

    RenewalRelay(LighthouseRaft raft, ReadIndexClient reads, ClusterMessages messages, Duration timeout) {
        this.raft = raft;
        this.reads = reads;
        this.messages = messages;
        this.timeout = timeout;
        messages.on(ClusterMessages.RENEW, this::renewAsked);
        messages.on(ClusterMessages.RENEWED, this::renewAnswered);
    }

    /** How the leader renews a session it is asked to (the session keeper's side). */
    void serveWith(Function<String, CompletableFuture<Duration>> renewal) {
        this.leaderSide = renewal;
    }

    @Override
    public long leaderTerm() {
        return raft.isLeader() ? raft.currentTerm() : 0;
    }

    @Override
    public CompletableFuture<Void> confirmLeadership() {
        return reads.readIndex().thenApply(index -> null);
    }

    @Override
    public CompletableFuture<Duration> forwardRenewal(String sessionId) {
        Address leader = raft.leader();
        if (leader == null) {
            return CompletableFuture.failedFuture(new Unavailable("no leader to renew the session with; retry",
                    Unavailable.Outcome.NOT_APPLIED));
        }
        long id = ids.incrementAndGet();
        CompletableFuture<Duration> answer = new CompletableFuture<>();
        waiting.put(id, new Waiting(leader, answer));
        messages.send(leader, ClusterMessages.RENEW, out -> {
            out.writeLong(id);
            out.writeUTF(sessionId);
        });
        return answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((d, e) -> waiting.remove(id))
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(Futures.cause(e) instanceof
                        java.util.concurrent.TimeoutException ? new Unavailable("the leader did not answer the"
                        + " renewal in " + timeout.toSeconds() + "s; retry", Unavailable.Outcome.NOT_APPLIED) : e));
    }

    /** A leader that left will not answer: its renewals fail now, and the clients retry with the next one. */
    void membersLeft(Collection<Address> gone) {
        waiting.values().stream().filter(asked -> gone.contains(asked.leader())).forEach(asked -> asked.answer()
                .completeExceptionally(new Unavailable("the leader left before it renewed the session; retry",
                        Unavailable.Outcome.NOT_APPLIED)));
    }

    private void renewAsked(Address from, DataInputStream in) throws IOException {
        long id = in.readLong();
        String sessionId = in.readUTF();
        leaderSide.apply(sessionId).whenComplete((remaining, error) -> messages.send(from, ClusterMessages.RENEWED,
                out -> {
                    out.writeLong(id);
                    Throwable cause = error == null ? null : Futures.cause(error);
                    out.writeByte(cause == null ? OK : cause instanceof NotFound ? ENDED : REFUSED);
                    out.writeLong(remaining == null ? 0 : remaining.toMillis());
                    out.writeUTF(cause == null ? "" : cause instanceof LighthouseException problem
                            ? problem.getMessage() : "the leader could not renew the session");
                }));
    }

    private void renewAnswered(Address from, DataInputStream in) throws IOException {
        long id = in.readLong();
        byte result = in.readByte();
        long remainingMillis = in.readLong();
        String detail = in.readUTF();
        Waiting asked = waiting.remove(id);
        if (asked == null) {
            return;
        }
        CompletableFuture<Duration> answer = asked.answer();
        switch (result) {
            case OK -> answer.complete(Duration.ofMillis(remainingMillis));
            case ENDED -> answer.completeExceptionally(new NotFound(detail, null));
            default -> answer.completeExceptionally(new Unavailable(detail, Unavailable.Outcome.NOT_APPLIED));
        }
    }
}
