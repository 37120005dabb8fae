package dev.lighthouse.cluster;

import dev.lighthouse.apply.Leadership;
import dev.lighthouse.cluster.raft.LighthouseRaft;
import dev.lighthouse.cluster.raft.OnDemandCheck;
import dev.lighthouse.cluster.raft.ReadIndexClient;
import dev.lighthouse.error.Futures;
import dev.lighthouse.error.LighthouseException;
import dev.lighthouse.error.NotFound;
import dev.lighthouse.error.Unavailable;
import java.io.DataInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jgroups.Address;

/**
 * Carries session renewals from any member to the leader over the cluster channel, and the
 * leader's answers back. Renewals are not log writes, so they cost no disk; and they are passed
 * on in batches, the way {@link ReadIndexClient} asks for read indexes: one batch is in flight at
 * a time, renewals that arrive meanwhile form the next, sent when the answer comes. Thousands of
 * renewals a second so cost a message each way per batch, and the leader confirms each batch
 * with one read-index round. A batch unanswered for {@link #STALE_NANOS} no longer holds back
 * the next: on a leader busy with log writes a round can take tens of milliseconds, and a
 * renewal would otherwise wait for two of them (its message, or the leader, may also be lost).
 * A batch unanswered within the write timeout fails as unavailable, and its clients try again
 * (through this member or another), well within their ttl; one whose leader left the view fails
 * at once.
 *
 * <p>Thread-safe: renewals start on HTTP threads, answers arrive on JGroups' threads, stale and
 * overdue batches are dealt with on this relay's timer; the batches are guarded by one lock and
 * futures are completed outside it.
 */
final class RenewalRelay implements Leadership, AutoCloseable {

    private static final byte OK = 0;
    private static final byte ENDED = 1;
    private static final byte REFUSED = 2;
    private static final long STALE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long CHECK_MILLIS = 5;
    /** Renewals per message at most: 10,000 at once would make a 400 KB message. */
    private static final int MAX_BATCH = 1000;

    private record Asked(String sessionId, CompletableFuture<Duration> answer) {
    }

    private record Batch(long id, Address leader, List<Asked> renewals, long sentAt) {
    }

    private final LighthouseRaft raft;
    private final ReadIndexClient reads;
    private final ClusterMessages messages;
    private final Duration timeout;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Batch> sent = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "lighthouse-renewal-relay");
        t.setDaemon(true);
        return t;
    });
    /** {@link #check} runs only while batches are out or renewals wait: not 200 times a second for nothing. */
    private final OnDemandCheck checks = new OnDemandCheck(timer, this::check, CHECK_MILLIS);
    private final Object lock = new Object();
    private List<Asked> next = new ArrayList<>();
    /** The last batch sent while it is unanswered (and not yet stale), or null. */
    private Batch inFlight;
    private volatile Function<List<String>, List<CompletableFuture<Duration>>> leaderSide = ids -> ids.stream()
            .map(id -> CompletableFuture.<Duration>failedFuture(new Unavailable("the leader is starting; retry",
                    Unavailable.Outcome.NOT_APPLIED))).toList();

    RenewalRelay(LighthouseRaft raft, ReadIndexClient reads, ClusterMessages messages, Duration timeout) {
        this.raft = raft;
        this.reads = reads;
        this.messages = messages;
        this.timeout = timeout;
        messages.on(ClusterMessages.RENEW, this::renewAsked);
        messages.on(ClusterMessages.RENEWED, this::renewAnswered);
    }

    /** How the leader renews the sessions it is asked to (the session keeper's side), in order. */
    void serveWith(Function<List<String>, List<CompletableFuture<Duration>>> renewal) {
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
        CompletableFuture<Duration> answer = new CompletableFuture<>();
        List<Batch> now;
        synchronized (lock) {
            next.add(new Asked(sessionId, answer));
            now = inFlight == null || System.nanoTime() - inFlight.sentAt() > STALE_NANOS ? takeNext() : List.of();
        }
        send(now);
        checks.soon(); // for a renewal that waits behind the batch in flight
        return answer;
    }

    /**
     * Under the lock: the renewals waiting, as batches to send now (several, if there are very
     * many), the last of them in flight; none when nothing waits. With no leader known the one
     * batch names none, and fails when sent.
     */
    private List<Batch> takeNext() {
        inFlight = null;
        if (next.isEmpty()) {
            return List.of();
        }
        List<Asked> taken = next;
        next = new ArrayList<>();
        Address leader = raft.leader();
        long now = System.nanoTime();
        if (leader == null) {
            return List.of(new Batch(0, null, taken, now));
        }
        List<Batch> batches = new ArrayList<>();
        for (int from = 0; from < taken.size(); from += MAX_BATCH) {
            batches.add(new Batch(ids.incrementAndGet(), leader,
                    taken.subList(from, Math.min(taken.size(), from + MAX_BATCH)), now));
        }
        inFlight = batches.get(batches.size() - 1);
        return batches;
    }

    private void send(List<Batch> batches) {
        for (Batch batch : batches) {
            if (batch.leader() == null) {
                Unavailable none = new Unavailable("no leader to renew the session with; retry",
                        Unavailable.Outcome.NOT_APPLIED);
                batch.renewals().forEach(asked -> asked.answer().completeExceptionally(none));
                continue;
            }
            sent.put(batch.id(), batch);
            checks.soon(); // for its timeout
            messages.send(batch.leader(), ClusterMessages.RENEW, out -> {
                out.writeLong(batch.id());
                out.writeInt(batch.renewals().size());
                for (Asked asked : batch.renewals()) {
                    out.writeUTF(asked.sessionId());
                }
            });
        }
    }

    /**
     * On the timer: fails batches unanswered within the timeout, and sends the renewals waiting
     * behind a stale batch (or behind none: they arrived as the one before was answered).
     */
    private void check() {
        checks.begin();
        long now = System.nanoTime();
        for (Batch batch : sent.values()) {
            if (now - batch.sentAt() > timeout.toNanos()) {
                fail(batch, new Unavailable("the leader did not answer the renewal in " + timeout.toSeconds()
                        + "s; retry", Unavailable.Outcome.NOT_APPLIED));
            }
        }
        List<Batch> due;
        synchronized (lock) {
            due = inFlight == null || now - inFlight.sentAt() > STALE_NANOS ? takeNext() : List.of();
        }
        send(due);
        boolean waiting;
        synchronized (lock) {
            waiting = !next.isEmpty();
        }
        if (waiting || !sent.isEmpty()) {
            checks.soon();
        }
    }

    /** A leader that left will not answer: its renewals fail now, and the clients retry with the next one. */
    void membersLeft(Collection<Address> gone) {
        Unavailable left = new Unavailable("the leader left before it renewed the session; retry",
                Unavailable.Outcome.NOT_APPLIED);
        sent.values().stream().filter(batch -> gone.contains(batch.leader())).forEach(batch -> fail(batch, left));
    }

    private void fail(Batch batch, Unavailable why) {
        if (sent.remove(batch.id()) == null) {
            return;
        }
        batch.renewals().forEach(asked -> asked.answer().completeExceptionally(why));
        answered(batch);
    }

    /** The batch is done with: if it was the one in flight, the next goes. */
    private void answered(Batch batch) {
        List<Batch> now;
        synchronized (lock) {
            now = inFlight == batch ? takeNext() : List.of();
        }
        send(now);
    }

    /** The leader's side: renews the batch (one confirmation for all), then answers it in one message. */
    private void renewAsked(Address from, DataInputStream in) throws IOException {
        long id = in.readLong();
        int count = in.readInt();
        if (count < 0 || count > MAX_BATCH) {
            throw new IOException("a batch of " + count + " renewals");
        }
        List<String> sessionIds = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sessionIds.add(in.readUTF());
        }
        List<CompletableFuture<Duration>> renewed = leaderSide.apply(sessionIds);
        CompletableFuture.allOf(renewed.toArray(CompletableFuture[]::new)).whenComplete((done, failed) ->
                messages.send(from, ClusterMessages.RENEWED, out -> {
                    out.writeLong(id);
                    out.writeInt(renewed.size());
                    for (CompletableFuture<Duration> one : renewed) {
                        Throwable cause = one.handle((remaining, error) -> error == null ? null : Futures.cause(error))
                                .join();
                        out.writeByte(cause == null ? OK : cause instanceof NotFound ? ENDED : REFUSED);
                        if (cause == null) {
                            out.writeLong(one.join().toMillis());
                        } else {
                            out.writeUTF(cause instanceof LighthouseException problem ? problem.getMessage()
                                    : "the leader could not renew the session");
                        }
                    }
                }));
    }

    private void renewAnswered(Address from, DataInputStream in) throws IOException {
        long id = in.readLong();
        int count = in.readInt();
        Batch batch = sent.remove(id);
        if (batch == null) {
            return; // failed meanwhile (timed out, or its leader was seen to leave)
        }
        try {
            if (count != batch.renewals().size()) {
                throw new IOException("an answer for " + count + " of " + batch.renewals().size() + " renewals");
            }
            for (Asked asked : batch.renewals()) {
                byte result = in.readByte();
                CompletableFuture<Duration> answer = asked.answer();
                switch (result) {
                    case OK -> answer.complete(Duration.ofMillis(in.readLong()));
                    case ENDED -> answer.completeExceptionally(new NotFound(in.readUTF(), null));
                    default -> answer.completeExceptionally(new Unavailable(in.readUTF(),
                            Unavailable.Outcome.NOT_APPLIED));
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            Unavailable garbled = new Unavailable("the leader's answer to the renewal was unreadable; retry",
                    Unavailable.Outcome.NOT_APPLIED);
            batch.renewals().forEach(asked -> asked.answer().completeExceptionally(garbled));
            throw unreadable;
        } finally {
            answered(batch);
        }
    }

    /** Batches sent to a leader so far; any thread (for tests). */
    long batchesSent() {
        return ids.get();
    }

    /** Renewals passed on and not yet answered, or waiting to be; any thread (for tests). */
    int waiting() {
        int waiting = sent.values().stream().mapToInt(batch -> batch.renewals().size()).sum();
        synchronized (lock) {
            return waiting + next.size();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        Unavailable closing = new Unavailable("this node is shutting down", Unavailable.Outcome.NOT_APPLIED);
        List.copyOf(sent.values()).forEach(batch -> fail(batch, closing));
        List<Asked> left;
        synchronized (lock) {
            left = next;
            next = new ArrayList<>();
        }
        left.forEach(asked -> asked.answer().completeExceptionally(closing));
    }
}
