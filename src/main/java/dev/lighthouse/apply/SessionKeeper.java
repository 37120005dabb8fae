package dev.lighthouse.apply;

import dev.lighthouse.coord.PersistentMap;
import dev.lighthouse.coord.Session;
import dev.lighthouse.coord.SessionClock;
import dev.lighthouse.error.NotFound;
import dev.lighthouse.error.Unavailable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when sessions lapse, on the leader only, and takes renewals on every member.
 *
 * <p>A node that becomes leader first appends {@link Command.LeaderTerm} and, once it is applied,
 * gives every session a full ttl from that moment (or its last checkpointed remainder): a
 * fail-over never expires anyone, and any expiry an earlier leader proposed is ordered before
 * that entry, so the state it starts from already holds it. Only then does it answer renewals.
 * Each renewal is answered after a read-index round, begun after it arrived, confirms that this
 * node still leads, so a deposed leader never tells a client its session is safe; one round
 * confirms a whole batch ({@link #renewHere}). Expiry is an
 * {@link Command.ExpireSession} through the log, carrying the term; renewals of a session whose
 * expiry is proposed wait for the log's verdict (they fail, and the client retries).
 *
 * <p>A tick that comes much later than scheduled means this process was paused (a stop signal,
 * a long GC, a stalled VM): its clock then says every session lapsed, when the clients may have
 * renewed with someone else. It restarts every session's ttl instead, as a new leader would.
 */
public final class SessionKeeper implements SessionLeases, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionKeeper.class);
    private static final long TICK_MILLIS = 100;
    private static final long PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long CHECKPOINT_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Only ttls this long are checkpointed: a shorter one restarted in full costs at most its length. */
    private static final Duration CHECKPOINT_MIN_TTL = Duration.ofMinutes(1);
    private static final int MAX_EXPIRIES_PER_TICK = 1000;
    /** How long a renewal waits for a new leader's clock; within the HTTP side's write timeout. */
    private static final Duration READY_WAIT = Duration.ofSeconds(3);

    private final StateView view;
    private final CommandLog log;
    private final Leadership leadership;
    private final Clock clock;
    private final LongSupplier nanos;
    private final SessionClock sessions = new SessionClock();
    /** Renewals this node passed on, for {@link #expires} on a member that does not lead. */
    private final Map<String, Instant> forwarded = new ConcurrentHashMap<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "lighthouse-sessions");
        t.setDaemon(true);
        return t;
    });
    /** The term this node leads in with its clock built, or 0; written by the keeper thread only. */
    private volatile long readyTerm;
    /** Completed with the term once {@link #readyTerm} is set; renewals that arrive before wait on it. */
    private volatile CompletableFuture<Long> readiness = new CompletableFuture<>();
    private long announcedTerm;
    private long lastTick;
    private long lastCheckpoint;
    private PersistentMap<String, Session> known = PersistentMap.empty();
    private PersistentMap<String, Session> forwardedCheckedAgainst = PersistentMap.empty();

    public SessionKeeper(StateView view, CommandLog log, Leadership leadership, Clock clock, LongSupplier nanos) {
        this.view = view;
        this.log = log;
        this.leadership = leadership;
        this.clock = clock;
        this.nanos = nanos;
    }

    public void start() {
        lastTick = nanos.getAsLong();
        thread.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            long term = leadership.leaderTerm();
            long now = nanos.getAsLong();
            boolean paused = now - lastTick > PAUSE_NANOS;
            lastTick = now;
            if (term == 0) {
                stopLeading();
            } else if (term != readyTerm) {
                announce(term);
            } else {
                lead(term, now, paused);
            }
            forgetEnded();
        } catch (RuntimeException e) {
            LOG.warn("session round failed: {}", e.toString());
        }
    }

    private void stopLeading() {
        if (readyTerm != 0) {
            synchronized (sessions) {
                sessions.restart(List.of(), 0);
            }
            readyTerm = 0;
        }
        renewReadiness();
        announcedTerm = 0;
    }

    private void announce(long term) {
        if (announcedTerm == term) {
            return;
        }
        announcedTerm = term;
        readyTerm = 0;
        renewReadiness();
        log.submit(new Command.LeaderTerm(term, clock.instant())).whenComplete((outcome, error) -> thread.execute(() -> {
            if (error != null || leadership.leaderTerm() != term) {
                announcedTerm = 0; // try again next tick, if this node still leads
                return;
            }
            PersistentMap<String, Session> all = view.state().coordination().sessions();
            synchronized (sessions) {
                sessions.restart(all.values(), nanos.getAsLong());
            }
            known = all;
            lastCheckpoint = nanos.getAsLong();
            readyTerm = term;
            readiness.complete(term);
            LOG.info("leading sessions in term {}: {} session(s), each with a fresh ttl", term, all.size());
        }));
    }

    private void renewReadiness() {
        if (readiness.isDone()) {
            readiness = new CompletableFuture<>();
        }
    }

    private void lead(long term, long now, boolean paused) {
        PersistentMap<String, Session> all = view.state().coordination().sessions();
        synchronized (sessions) {
            if (paused) {
                LOG.warn("the session keeper was paused; every session gets a fresh ttl rather than an expiry");
                sessions.restart(all.values(), now);
            } else if (all != known) {
                reconcile(all, now);
            }
            known = all;
            for (String id : sessions.takeLapsed(now, MAX_EXPIRIES_PER_TICK)) {
                expire(id, term);
            }
        }
        if (now - lastCheckpoint >= CHECKPOINT_NANOS) {
            lastCheckpoint = now;
            Map<String, Duration> remaining;
            synchronized (sessions) {
                remaining = sessions.remaining(CHECKPOINT_MIN_TTL, now);
            }
            if (!remaining.isEmpty()) {
                log.submit(new Command.CheckpointSessions(remaining, clock.instant()));
            }
        }
    }

    /** Only the sessions that changed since the last tick: while thousands are opened, most ticks see a few. */
    private void reconcile(PersistentMap<String, Session> all, long now) {
        all.forEachChanged(known, id -> {
            Session session = all.get(id);
            if (session != null) {
                sessions.opened(session, now);
            } else {
                sessions.ended(id);
            }
        });
    }

    private void expire(String id, long term) {
        log.submit(new Command.ExpireSession(id, term, clock.instant())).whenComplete((outcome, error) -> {
            if (error != null || !(outcome instanceof Outcome.SessionEnded)) {
                thread.execute(() -> {
                    synchronized (sessions) {
                        sessions.expiryDropped(id, nanos.getAsLong());
                    }
                });
            } else {
                LOG.info("session {} expired: not renewed within its ttl", id);
            }
        });
    }

    /** Drops renewals passed on for sessions that have ended; only when the sessions changed. */
    private void forgetEnded() {
        PersistentMap<String, Session> all = view.state().coordination().sessions();
        if (!forwarded.isEmpty() && all != forwardedCheckedAgainst) {
            all.forEachChanged(forwardedCheckedAgainst, id -> {
                if (all.get(id) == null) {
                    forwarded.remove(id);
                }
            });
        }
        forwardedCheckedAgainst = all;
    }

    @Override
    public CompletableFuture<Instant> renew(String sessionId) {
        if (view.state().coordination().session(sessionId) == null) {
            return CompletableFuture.failedFuture(ended(sessionId));
        }
        CompletableFuture<Duration> remaining = leadership.leaderTerm() != 0 ? renewHere(List.of(sessionId)).get(0)
                : leadership.forwardRenewal(sessionId);
        return remaining.thenApply(left -> {
            Instant expires = clock.instant().plus(left);
            if (leadership.leaderTerm() == 0) {
                forwarded.put(sessionId, expires);
                if (view.state().coordination().session(sessionId) == null) {
                    forwarded.remove(sessionId); // ended meanwhile, perhaps before forgetEnded last looked
                }
            }
            return expires;
        });
    }

    /**
     * The leader's side of renewals, for this node's clients and the others' alike (a member
     * passes on those it took in batches): one confirmation of leadership, begun after all of
     * them arrived, covers the whole batch. A leader still building its clock (its term entry not
     * yet applied) holds the renewals until it is ready rather than refusing them: a client
     * renewing right after an election or a start-up gets its answer a moment later instead of a
     * retry.
     *
     * @return each session's remaining ttl, in the order of {@code sessionIds}
     */
    public List<CompletableFuture<Duration>> renewHere(List<String> sessionIds) {
        CompletableFuture<Long> confirmed = confirmedTerm();
        List<CompletableFuture<Duration>> renewed = new ArrayList<>(sessionIds.size());
        for (String sessionId : sessionIds) {
            renewed.add(confirmed.thenApply(term -> renewConfirmed(sessionId, term)));
        }
        return renewed;
    }

    /** The term this node leads in, once its clock is ready and a majority confirmed, after this call, that it leads. */
    private CompletableFuture<Long> confirmedTerm() {
        long leaderTerm = leadership.leaderTerm();
        if (leaderTerm == 0) {
            return CompletableFuture.failedFuture(notLeading());
        }
        CompletableFuture<Long> ready = readyTerm == leaderTerm ? CompletableFuture.completedFuture(leaderTerm)
                : readiness.copy().orTimeout(READY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return ready.handle((term, notReady) -> {
            if (notReady != null || term != leaderTerm) {
                throw notLeading();
            }
            return term;
        }).thenCompose(term -> leadership.confirmLeadership().thenApply(confirmed -> term));
    }

    private Duration renewConfirmed(String sessionId, long term) {
        long deadline;
        Session known = view.state().coordination().session(sessionId);
        synchronized (sessions) {
            if (readyTerm == term && known != null) {
                sessions.opened(known, nanos.getAsLong()); // opened since the last tick: not registered yet
            }
            deadline = readyTerm == term ? sessions.renew(sessionId, nanos.getAsLong()) : -1;
        }
        if (deadline < 0) {
            if (view.state().coordination().session(sessionId) == null) {
                throw ended(sessionId);
            }
            throw new Unavailable("session " + sessionId + " is being expired or the leader changed; retry",
                    Unavailable.Outcome.NOT_APPLIED);
        }
        return Duration.ofNanos(Math.max(0, deadline - nanos.getAsLong()));
    }

    private static Unavailable notLeading() {
        return new Unavailable("this node is not (yet) the leader that keeps sessions; retry",
                Unavailable.Outcome.NOT_APPLIED);
    }

    private static NotFound ended(String sessionId) {
        return new NotFound("session " + sessionId + " has ended (expired or deleted); open a new one", null);
    }

    @Override
    public Instant expires(Session session) {
        if (readyTerm != 0) {
            long deadline;
            synchronized (sessions) {
                deadline = sessions.deadline(session.id());
            }
            if (deadline >= 0) {
                return clock.instant().plusNanos(deadline - nanos.getAsLong());
            }
        }
        Instant renewed = forwarded.get(session.id());
        return renewed != null ? renewed : session.created().plus(session.ttl());
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
