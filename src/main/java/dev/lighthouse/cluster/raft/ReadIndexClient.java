package dev.lighthouse.cluster.raft;

import dev.lighthouse.error.Unavailable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jgroups.Address;
import org.jgroups.EmptyMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets read indexes from the leader for this node's consistent reads (see {@link ReadIndex}).
 *
 * <p>Reads are batched like the leader batches them: one ask is in flight at a time, and reads that
 * arrive meanwhile form the next batch, asked for when the answer comes. Any index a leader names for
 * an ask sent after a read began is good for that read, so a batch may be asked again freely: of
 * whichever leader this node believes in when the leader answers {@link ReadHeader#RETRY} (it no
 * longer leads, or has not committed in its term yet), when none is known, and when no answer came
 * within {@link #ASK_AGAIN_NANOS} (the message or the leader was lost). A stale belief thus ends in
 * another ask, and each read fails with 503 {@code unavailable} once the write timeout has passed;
 * never with an index from anyone but a confirmed leader.
 *
 * <p>Thread-safe: reads start on any thread, answers arrive on RAFT's runner thread, asks are
 * repeated from this client's own timer thread; the batches are guarded by one lock, and futures are
 * completed outside it.
 */
public final class ReadIndexClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReadIndexClient.class);
    private static final long ASK_AGAIN_NANOS = 100_000_000L;
    private static final long RETRY_MILLIS = 2;
    private static final long CHECK_MILLIS = 25;

    private static final class Batch {
        final long id;
        final List<CompletableFuture<Long>> reads;
        /** When it was last asked for (set further back to have it asked again at the next check). */
        long askedAt;

        Batch(long id, List<CompletableFuture<Long>> reads) {
            this.id = id;
            this.reads = reads;
        }
    }

    private final LighthouseRaft raft;
    private final Duration timeout;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "lighthouse-read-index");
        t.setDaemon(true);
        return t;
    });
    /** {@link #askAgainIfDue} runs only while a batch is in flight: not 40 times a second for nothing. */
    private final OnDemandCheck checks = new OnDemandCheck(timer, this::askAgainIfDue, CHECK_MILLIS);
    private final Object lock = new Object();
    private long batches;
    private Batch inFlight;
    private List<CompletableFuture<Long>> next = new ArrayList<>();

    /** @param timeout the write timeout: how long a read may wait for its index */
    public ReadIndexClient(LighthouseRaft raft, Duration timeout) {
        this.raft = raft;
        this.timeout = timeout;
    }

    /**
     * The log index a consistent read beginning now must see: completes once a confirmed leader named
     * it, or fails with {@link Unavailable} after the write timeout.
     */
    public CompletableFuture<Long> readIndex() {
        CompletableFuture<Long> read = new CompletableFuture<>();
        Batch ask = null;
        synchronized (lock) {
            if (inFlight == null) {
                inFlight = new Batch(++batches, new ArrayList<>(List.of(read)));
                ask = inFlight;
            } else {
                next.add(read);
            }
        }
        if (ask != null) {
            ask(ask);
        }
        return read.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose(error ->
                CompletableFuture.failedFuture(error instanceof Unavailable known ? known
                        : new Unavailable("the leader did not confirm a consistent read within " + timeout.toMillis()
                                + " ms", Unavailable.Outcome.NOT_APPLIED)));
    }

    /** Reads waiting for an index, asked for or not yet; any thread (for tests). */
    public int waiting() {
        synchronized (lock) {
            return next.size() + (inFlight == null ? 0 : inFlight.reads.size());
        }
    }

    /** On the runner thread: a leader's answer for batch {@code id}. */
    void answered(long id, long index) {
        Batch done;
        Batch following;
        synchronized (lock) {
            if (inFlight == null || inFlight.id != id) {
                return; // an answer to an ask repeated after the first answer came
            }
            if (index == ReadHeader.RETRY) {
                inFlight.askedAt = System.nanoTime();
                Batch again = inFlight;
                try {
                    timer.schedule(() -> askIfStill(again), RETRY_MILLIS, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException closing) {
                    // closed: the batch's reads were failed by close()
                }
                return;
            }
            done = inFlight;
            following = startNext();
        }
        for (CompletableFuture<Long> read : done.reads) {
            read.complete(index);
        }
        if (following != null) {
            ask(following);
        }
    }

    /** Under the lock: the waiting reads become the batch in flight (null if there are none). */
    private Batch startNext() {
        next.removeIf(CompletableFuture::isDone);
        if (next.isEmpty()) {
            inFlight = null;
        } else {
            inFlight = new Batch(++batches, next);
            next = new ArrayList<>();
        }
        return inFlight;
    }

    private void askIfStill(Batch batch) {
        synchronized (lock) {
            if (inFlight != batch) {
                return;
            }
        }
        ask(batch);
    }

    private void askAgainIfDue() {
        checks.begin();
        Batch due = null;
        boolean waiting;
        synchronized (lock) {
            waiting = inFlight != null;
            if (waiting && System.nanoTime() - inFlight.askedAt > ASK_AGAIN_NANOS) {
                due = inFlight;
            }
        }
        if (due != null) {
            ask(due);
        } else if (waiting) {
            checks.soon();
        }
    }

    /** Asks the leader this node believes in for an index for {@code batch}, or drops it if every read in it is over. */
    private void ask(Batch batch) {
        Batch following = null;
        synchronized (lock) {
            if (inFlight != batch) {
                return;
            }
            if (batch.reads.stream().allMatch(CompletableFuture::isDone)) {
                following = startNext(); // all timed out: nobody waits for this batch any more
            } else {
                batch.askedAt = System.nanoTime();
            }
        }
        if (following != null) {
            ask(following);
            return;
        }
        if (inFlight(batch)) {
            send(batch);
        }
    }

    private boolean inFlight(Batch batch) {
        synchronized (lock) {
            return inFlight == batch;
        }
    }

    private void send(Batch batch) {
        Address leader = raft.leader();
        ReadHeader ask = ReadHeader.ask(raft.currentTerm(), batch.id);
        boolean sent = false;
        try {
            if (leader != null && leader.equals(raft.getAddress())) {
                sent = raft.enqueueLocal(ask);
            } else if (leader != null) {
                raft.getDownProtocol().down(new EmptyMessage(leader).putHeader(raft.getId(), ask));
                sent = true;
            }
        } catch (RuntimeException e) {
            LOG.debug("could not ask {} for a read index: {}", leader, e.toString());
        }
        if (!sent) {
            synchronized (lock) {
                // no leader known, its queue full, or the channel closing: ask at the next check
                batch.askedAt = System.nanoTime() - ASK_AGAIN_NANOS - 1;
            }
        }
        checks.soon();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        List<CompletableFuture<Long>> left = new ArrayList<>();
        synchronized (lock) {
            if (inFlight != null) {
                left.addAll(inFlight.reads);
            }
            left.addAll(next);
            inFlight = null;
            next = new ArrayList<>();
        }
        Unavailable closing = new Unavailable("this node is shutting down", Unavailable.Outcome.NOT_APPLIED);
        left.forEach(read -> read.completeExceptionally(closing));
    }
}
