package dev.lighthouse.apply;

import dev.lighthouse.coord.Coordination;
import dev.lighthouse.coord.CoordinationLimits;
import dev.lighthouse.coord.GroupNames;
import dev.lighthouse.error.Conflict;
import dev.lighthouse.error.InternalFailure;
import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.error.LighthouseException;
import dev.lighthouse.error.LockHeld;
import dev.lighthouse.error.NotFound;
import dev.lighthouse.error.PreconditionFailed;
import dev.lighthouse.error.StorageFailure;
import dev.lighthouse.store.Hook;
import dev.lighthouse.store.HookSet;
import dev.lighthouse.store.Version;
import dev.lighthouse.store.VersionHistory;
import dev.lighthouse.tree.Diff;
import dev.lighthouse.tree.ObjectNode;
import dev.lighthouse.tree.PatchOp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command applied to one state: the states it leads to, the command's
 * {@link Outcome}, and the {@link Effect}s to carry out. The result depends
 * only on the state, the command, its log index and the applier's clock; a
 * refused command is an {@link Outcome.Failed} and changes nothing (beyond
 * freeing a lease that had lapsed, which any command does first).
 *
 * <p>Each command kind is handled in exactly one method of this
 * {@link Command.Visitor}, so adding a command does not compile until it is.
 */
final class Transition implements Command.Visitor<Outcome> {

    private static final Logger LOG = LoggerFactory.getLogger(Transition.class);

    /**
     * What one command did.
     *
     * @param states every state to publish, in order (a lapsed lease is freed before the command acts)
     * @param seeded whether the state now descends from the log's seed
     */
    record Result(List<StoreState> states, Outcome outcome, List<Effect> effects, boolean seeded) {
    }

    /** Limits a transition enforces: history kept, the deepest the document may nest, the coordination bounds. */
    record Limits(int retain, int maxDepth, CoordinationLimits coordination) {
    }

    private final Limits limits;
    private final long index;
    private final Instant now;
    private final List<StoreState> states = new ArrayList<>(2);
    private final List<Effect> effects = new ArrayList<>(2);
    private StoreState state;
    private boolean seeded;

    private Transition(StoreState state, boolean seeded, long index, Instant now, Limits limits) {
        this.state = state;
        this.seeded = seeded;
        this.index = index;
        this.now = now;
        this.limits = limits;
    }

    /** @param now the command's time, never before the last one applied (see {@link Applier}) */
    static Result apply(StoreState state, boolean seeded, Command command, long index, Instant now, Limits limits) {
        Transition transition = new Transition(state, seeded, index, now, limits);
        return transition.result(transition.attempt(command, () -> transition.run(command)));
    }

    /**
     * Only the session and group change of {@code command}, without the lapsed-lease check every
     * command makes first: at start-up, for a log entry whose effect on the document and lock
     * data.d holds already (see {@link Applier#applyCoordination}).
     */
    static Result coordinationOnly(StoreState state, boolean seeded, Command.Coordinating command, Instant now,
                                   Limits limits) {
        Transition transition = new Transition(state, seeded, 0, now, limits);
        return transition.result(transition.attempt(command, () -> transition.coordinate(command)));
    }

    /** A refusal becomes the command's outcome; anything unexpected, an internal failure. */
    private Outcome attempt(Command command, Supplier<Outcome> step) {
        try {
            return step.get();
        } catch (LighthouseException e) {
            return new Outcome.Failed(e);
        } catch (RuntimeException e) {
            return new Outcome.Failed(InternalFailure.logged("command " + command.getClass().getSimpleName()
                    + " failed; state unchanged", e));
        }
    }

    /**
     * The state received from elsewhere (a Raft snapshot, or a seed this node's data.d lacks), as
     * of log position {@code index}, sessions and groups included. When the current history holds
     * its version with the same checksum, that history is kept; otherwise newer files are set aside.
     */
    static Result install(StoreState state, Version version, LockState lock, HookSet hooks, Coordination coordination,
                          long index, Limits limits) {
        Transition transition = new Transition(state, true, index, version.timestamp(), limits);
        transition.installing(version, lock, hooks, coordination);
        return transition.result(new Outcome.Committed(version));
    }

    private Result result(Outcome outcome) {
        return new Result(List.copyOf(states), outcome, List.copyOf(effects), seeded);
    }

    private Outcome run(Command command) {
        if (!(command instanceof Command.Seed) && !seeded) {
            throw new StorageFailure("this node has not received the cluster's first version yet");
        }
        boolean expired = !(command instanceof Command.Seed) && expireLapsedLease();
        Outcome outcome = command.accept(this);
        // Coordination commands report on sessions and groups only, whatever happened to the lock.
        return expired && outcome instanceof Outcome.Unchanged && !(command instanceof Command.Coordinating)
                ? new Outcome.Released() : outcome;
    }

    private void installing(Version version, LockState lock, HookSet hooks, Coordination coordination) {
        Version local = state.history().get(version.seq());
        VersionHistory history;
        if (local != null && local.checksum().equals(version.checksum())) {
            if (state.current().seq() > version.seq()) {
                effects.add(new Effect.SetAsideFrom(version.seq() + 1, "superseded"));
            }
            history = state.history().upTo(version.seq());
        } else {
            if (local != null || state.current().seq() > version.seq()) {
                LOG.warn("data.d held versions from {} on that differ from the cluster's; setting them aside as"
                        + " *.superseded and taking the cluster's version {} {}", version.seq(), version.seq(),
                        version.checksum());
            }
            effects.add(new Effect.SetAsideFrom(version.seq(), "superseded"));
            effects.add(new Effect.WriteVersion(version, version, List.of(), version, true));
            history = VersionHistory.of(List.of(version));
        }
        seeded = true;
        if (hooks != state.hooks()) {
            effects.add(new Effect.WriteHooks(hooks));
        }
        publish(new StoreState(history, lock, hooks, coordination));
    }

    @Override
    public Outcome seed(Command.Seed c) {
        if (seeded) {
            LOG.warn("ignoring a second seed (version {}) at log index {}", c.version().seq(), index);
            return new Outcome.Unchanged();
        }
        Version version = withIndex(c.version(), index);
        Version local = state.history().get(version.seq());
        if (local == null || !local.checksum().equals(version.checksum()) || state.current().seq() != version.seq()) {
            // Sessions and groups stay: before the log's first entry there are none, and at start-up
            // the snapshot's may already be restored (they are as of a later entry).
            installing(version, null, state.hooks(), state.coordination());
            return new Outcome.Committed(version);
        }
        // The seeding node's own data.d already holds the version; the snapshot taken right after
        // the seed records where the log starts, so the file stays as it was.
        seeded = true;
        publish(state.withLock(null));
        return new Outcome.Committed(state.current());
    }

    private static Version withIndex(Version v, long logIndex) {
        return new Version(v.seq(), v.root(), v.timestamp(), v.lock(), v.by(), v.changed(), logIndex);
    }

    private boolean expireLapsedLease() {
        LockState lock = state.lock();
        if (lock == null || !lock.lapsedAt(now)) {
            return false;
        }
        LOG.info("lease of lock '{}' lapsed at {}; {} staged edit(s) discarded", lock.name(), lock.expires(), lock.staged());
        publish(state.withLock(null));
        return true;
    }

    @Override
    public Outcome expire(Command.Expire c) {
        return new Outcome.Unchanged();
    }

    @Override
    public Outcome acquire(Command.Acquire c) {
        LockState lock = state.lock();
        if (lock != null && !lock.name().equals(c.name())) {
            throw new LockHeld(lock.name());
        }
        if (lock != null) {
            lock.checkOwner(c.by());
        }
        LockState next = lock != null
                ? lock.renewed(now, c.ttl())
                : new LockState(c.name(), c.by(), now, now.plus(c.ttl()), c.ttl(), state.current().seq(),
                        state.current().root(), 0);
        publish(state.withLock(next));
        return new Outcome.Locked(next);
    }

    @Override
    public Outcome stage(Command.Stage c) {
        LockState lock = holder(c.name(), c.by());
        LockState next = lock.withEdit(withinDepth(c.edit().applyTo(lock.document())), now);
        publish(state.withLock(next));
        return new Outcome.Locked(next);
    }

    @Override
    public Outcome commit(Command.Commit c) {
        LockState lock = holder(c.name(), c.by());
        state.coordination().checkFence(c.fence());
        Version version = lock.document().sameAs(state.current().root())
                ? null
                : newVersion(lock.document(), c.name(), lock.owner());
        publish(state.withHistory(version == null ? state.history() : state.history().append(version, limits.retain()),
                null));
        return new Outcome.Committed(version);
    }

    @Override
    public Outcome abort(Command.Abort c) {
        holder(c.name(), c.by());
        publish(state.withLock(null));
        return new Outcome.Released();
    }

    @Override
    public Outcome patch(Command.PatchDocument c) {
        if (state.lock() != null) {
            throw new LockHeld(state.lock().name());
        }
        Version current = state.current();
        if (c.expectedSeq() != null && c.expectedSeq() != current.seq()) {
            throw new PreconditionFailed("If-Match expects version " + c.expectedSeq() + " but the current version is "
                    + current.seq());
        }
        state.coordination().checkFence(c.fence());
        ObjectNode document = withinDepth(c.edit().applyTo(current.root()));
        if (document.sameAs(current.root())) {
            return new Outcome.Committed(null);
        }
        Version version = newVersion(document, Command.PatchDocument.LOCK_NAME, c.by());
        publish(state.withHistory(state.history().append(version, limits.retain()), null));
        return new Outcome.Committed(version);
    }

    @Override
    public Outcome createHook(Command.CreateHook c) {
        if (index != 0 && index <= state.hooks().index()) {
            return new Outcome.Hooked(state.hooks().get(c.name())); // replayed: hooks.json has it already
        }
        if (state.hooks().get(c.name()) != null) {
            throw new Conflict("a hook named '" + c.name() + "' exists; delete it first or choose another name");
        }
        // A group hook starts at the counter: every later change of any group takes a larger value.
        Hook hook = c.group() == null ? new Hook(c.name(), c.path(), c.url(), state.current().seq())
                : Hook.onGroup(c.name(), GroupNames.checked(c.group()), c.url(), state.coordination().counter(), 0);
        HookSet next = state.hooks().with(hook, index);
        effects.add(new Effect.WriteHooks(next));
        publish(state.withHooks(next));
        LOG.info("hook '{}' registered for {} -> {}", hook.name(),
                hook.onGroup() ? "group " + GroupNames.text(hook.group()) : hook.path(), hook.url());
        return new Outcome.Hooked(hook);
    }

    @Override
    public Outcome deleteHook(Command.DeleteHook c) {
        if (index != 0 && index <= state.hooks().index()) {
            return new Outcome.Hooked(null);
        }
        if (state.hooks().get(c.name()) == null) {
            throw new NotFound("no hook named '" + c.name() + "'", null);
        }
        HookSet next = state.hooks().without(c.name(), index);
        effects.add(new Effect.WriteHooks(next));
        publish(state.withHooks(next));
        LOG.info("hook '{}' deleted", c.name());
        return new Outcome.Hooked(null);
    }

    @Override
    public Outcome hookDelivered(Command.HookDelivered c) {
        Hook hook = state.hooks().get(c.name());
        if (hook == null || hook.delivered() >= c.seq() || (index != 0 && index <= state.hooks().index())) {
            return new Outcome.Hooked(hook);
        }
        HookSet next = state.hooks().with(hook.deliveredUpTo(c.seq()), index);
        effects.add(new Effect.WriteHooks(next));
        publish(state.withHooks(next));
        return new Outcome.Hooked(next.get(c.name()));
    }

    @Override
    public Outcome coordinate(Command.Coordinating c) {
        Coordination before = state.coordination();
        CoordinationTransition.Step step = c.accept(new CoordinationTransition(before, limits.coordination(), now));
        if (step.next() != before) {
            HookSet hooks = GroupHookMarks.afterChange(state.hooks(), before, step.next(), index);
            if (hooks != state.hooks()) {
                effects.add(new Effect.WriteHooks(hooks));
            }
            // One state: a reader never sees a hooked group emptied without the hook's mark.
            publish(state.withCoordination(step.next()).withHooks(hooks));
        }
        return step.outcome();
    }

    private ObjectNode withinDepth(ObjectNode document) {
        if (document.depth() > limits.maxDepth()) {
            throw new InvalidInput("the edit would nest the document " + document.depth()
                    + " levels deep; the limit is " + limits.maxDepth());
        }
        return document;
    }

    private LockState holder(String name, String by) {
        return LockState.heldBy(state.lock(), name, by);
    }

    /** The next version, and the effects that write its file and its audit line. */
    private Version newVersion(ObjectNode document, String lockName, String by) {
        Version previous = state.current();
        List<PatchOp> patch = Diff.between(previous.root(), document);
        Instant timestamp = now.isBefore(previous.timestamp()) ? previous.timestamp() : now;
        Version version = new Version(previous.seq() + 1, document, timestamp, lockName, by,
                Diff.changedPointers(patch), index);
        int retain = limits.retain();
        Version oldestRetained = retain <= 1 ? version : state.history().get(version.seq() - retain + 1);
        effects.add(new Effect.WriteVersion(version, previous, patch,
                oldestRetained == null ? state.history().oldest() : oldestRetained, false));
        effects.add(new Effect.Audit(version));
        return version;
    }

    private void publish(StoreState next) {
        state = next;
        states.add(next);
    }
}
