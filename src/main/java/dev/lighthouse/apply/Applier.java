package dev.lighthouse.apply;

import dev.lighthouse.coord.Coordination;
import dev.lighthouse.coord.CoordinationLimits;
import dev.lighthouse.store.HookSet;
import dev.lighthouse.store.Version;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Applies commands one at a time: each {@link Transition} gives the states to
 * publish and the {@link Effect}s to carry out, and this shell publishes the
 * first through the {@link StateView} and hands the second to the
 * {@link EffectSink}. It keeps what the transitions need between commands: the
 * current state, whether the state descends from the log's seed, the applied
 * log index, and the clock.
 *
 * <p>Time only moves forward: a command stamped earlier than one already
 * applied (another node's clock, a little behind) counts as stamped at the
 * later time, so a lease never comes back to life.
 *
 * <p>Not thread-safe: exactly one thread calls {@link #apply} and {@link #install}.
 */
public final class Applier {

    private final EffectSink effects;
    private final Transition.Limits limits;
    private final StateView view;
    private StoreState state;
    private boolean seeded;
    /**
     * Moved only after the command's state is published: a consistent read on another thread waits
     * for this index and then reads the view, so it must never see the index before the state.
     */
    private volatile long appliedIndex;
    private Instant clock;
    /** Readers waiting for an applied index, by that index; released after the index moves. */
    private final ConcurrentSkipListMap<Long, CompletableFuture<Void>> waiting = new ConcurrentSkipListMap<>();

    /**
     * @param maxDepth deepest nesting the document may reach; an edit that would pass it is refused,
     *                 whatever its path and body, so no sequence of commits can build a document too
     *                 deep to serialise or reload
     * @param seeded   whether the view's state already descends from the log's {@link Command.Seed};
     *                 until it does, every other command is refused
     */
    public Applier(EffectSink effects, int retain, int maxDepth, StateView view, boolean seeded, long appliedIndex) {
        this(effects, retain, maxDepth, CoordinationLimits.DEFAULT, view, seeded, appliedIndex);
    }

    /** @param coordination bounds on sessions and groups, enforced as each command applies */
    public Applier(EffectSink effects, int retain, int maxDepth, CoordinationLimits coordination, StateView view,
                   boolean seeded, long appliedIndex) {
        this.effects = effects;
        this.limits = new Transition.Limits(retain, maxDepth, coordination);
        this.view = view;
        this.state = view.state();
        this.seeded = seeded;
        this.appliedIndex = appliedIndex;
        this.clock = state.current().timestamp();
    }

    /** @param logIndex the command's position in the Raft log, recorded in the versions it makes */
    public Outcome apply(Command command, long logIndex) {
        clock = command.now().isAfter(clock) ? command.now() : clock;
        Transition.Result result = Transition.apply(state, seeded, command, logIndex, clock, limits);
        take(result);
        appliedIndex = Math.max(appliedIndex, logIndex);
        release(appliedIndex);
        return result.outcome();
    }

    /**
     * Replaces the whole state with one received from elsewhere (a Raft snapshot), as of log
     * position {@code logIndex}: document, lock, hooks, sessions and groups. When data.d already
     * holds the snapshot's version with the same checksum, its retained history is kept; otherwise
     * newer files are set aside.
     */
    public void install(Version version, LockState lock, HookSet hooks, Coordination coordination, long logIndex,
                        Instant snapshotClock) {
        take(Transition.install(state, version, lock, hooks, coordination, logIndex, limits));
        clock = snapshotClock;
        appliedIndex = logIndex;
        release(appliedIndex);
    }

    /**
     * At start-up only: the sessions and groups of this node's own snapshot, which no file of
     * data.d holds. The document, lock and hooks stay as data.d left them, and the applied index
     * (data.d's) does not move; the log's entries after the snapshot bring the sessions and groups
     * up to date, through {@link #applyCoordination} where data.d holds their document part.
     */
    public void restoreCoordination(Coordination coordination) {
        if (coordination != state.coordination()) {
            StoreState before = state;
            state = state.withCoordination(coordination);
            view.publish(before, state);
        }
    }

    /**
     * At start-up only: the coordination part of a command whose document part data.d already
     * holds, as of {@code now}, the time it was first applied at (the clock then, which may be
     * older than data.d's newest version). Only the sessions and groups change: no lease lapses
     * (the lock is data.d's, as of its newest version), and neither the clock nor the applied
     * index moves.
     */
    public Outcome applyCoordination(Command.Coordinating command, Instant now) {
        Transition.Result result = Transition.coordinationOnly(state, seeded, command, now, limits);
        take(result);
        return result.outcome();
    }

    private void take(Transition.Result result) {
        result.effects().forEach(effects::carryOut);
        seeded = result.seeded();
        for (StoreState next : result.states()) {
            StoreState before = state;
            state = next;
            view.publish(before, next);
        }
    }

    public StoreState state() {
        return state;
    }

    public boolean seeded() {
        return seeded;
    }

    /** The Raft log position of the last command applied (or installed). */
    public long appliedIndex() {
        return appliedIndex;
    }

    /**
     * Completes once this applier has applied (and published) log index {@code index}; any thread.
     * Each caller gets a future of its own, so one that gives up does not cancel the others.
     */
    public CompletableFuture<Void> whenApplied(long index) {
        if (appliedIndex >= index) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> reached = waiting.computeIfAbsent(index, key -> new CompletableFuture<>());
        if (appliedIndex >= index) {
            release(appliedIndex); // it moved while this registered, perhaps before release looked
        }
        return reached.copy();
    }

    private void release(long upTo) {
        if (waiting.isEmpty()) {
            return;
        }
        for (var entry : waiting.headMap(upTo, true).entrySet()) {
            waiting.remove(entry.getKey(), entry.getValue());
            entry.getValue().complete(null);
        }
    }

    /** The latest command time applied so far; commands stamped earlier count as stamped now. */
    public Instant clock() {
        return clock;
    }
}
