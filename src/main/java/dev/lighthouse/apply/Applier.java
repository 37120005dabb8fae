package dev.lighthouse.apply;

import dev.lighthouse.error.InternalFailure;
import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.error.LighthouseException;
import dev.lighthouse.error.LockHeld;
import dev.lighthouse.error.PreconditionFailed;
import dev.lighthouse.error.StorageFailure;
import dev.lighthouse.error.Conflict;
import dev.lighthouse.error.NotFound;
import dev.lighthouse.store.Hook;
import dev.lighthouse.store.HookSet;
import dev.lighthouse.store.Version;
import dev.lighthouse.store.VersionHistory;
import dev.lighthouse.store.VersionStore;
import dev.lighthouse.tree.Diff;
import dev.lighthouse.tree.ObjectNode;
import dev.lighthouse.tree.PatchOp;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns commands into states, one at a time. The result depends only on the
 * current state and the command (its time included), never on the wall clock
 * or on which node applies it. It never throws: a refused command is an
 * {@link Outcome.Failed} and leaves the state exactly as it was.
 *
 * <p>Time only moves forward: a command stamped earlier than one already
 * applied (another node's clock, a little behind) counts as stamped at the
 * later time, so a lease never comes back to life.
 *
 * <p>Not thread-safe: exactly one thread calls {@link #apply} and {@link #install}.
 */
public final class Applier {

    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);
    /** One line per commit, on every replica; its own logger so operators can route it apart. */
    private static final Logger AUDIT = LoggerFactory.getLogger("lighthouse.audit");

    private final VersionStore store;
    private final int retain;
    private final int maxDepth;
    private final StateView view;
    private StoreState state;
    private boolean seeded;
    /**
     * Moved only after the command's state is published: a consistent read on another thread waits
     * for this index and then reads the view, so it must never see the index before the state.
     */
    private volatile long appliedIndex;
    private Instant clock;
    private Instant now;
    private long index;

    /**
     * @param maxDepth deepest nesting the document may reach; an edit that would pass it is refused,
     *                 whatever its path and body, so no sequence of commits can build a document too
     *                 deep to serialise or reload
     * @param seeded   whether the view's state already descends from the log's {@link Command.Seed};
     *                 until it does, every other command is refused
     */
    public Applier(VersionStore store, int retain, int maxDepth, StateView view, boolean seeded, long appliedIndex) {
        this.store = store;
        this.retain = retain;
        this.maxDepth = maxDepth;
        this.view = view;
        this.state = view.state();
        this.seeded = seeded;
        this.appliedIndex = appliedIndex;
        this.clock = state.current().timestamp();
    }

    /** @param logIndex the command's position in the Raft log, recorded in the versions it makes */
    public Outcome apply(Command command, long logIndex) {
        try {
            return applyAt(command, logIndex);
        } finally {
            appliedIndex = Math.max(appliedIndex, logIndex);
        }
    }

    private Outcome applyAt(Command command, long logIndex) {
        index = logIndex;
        now = command.now().isAfter(clock) ? command.now() : clock;
        clock = now;
        try {
            if (command instanceof Command.Seed c) {
                return seed(c);
            }
            if (!seeded) {
                throw new StorageFailure("this node has not received the cluster's first version yet");
            }
            boolean expired = expireLapsedLease();
            if (command instanceof Command.Acquire c) {
                return acquire(c);
            } else if (command instanceof Command.Stage c) {
                return stage(c);
            } else if (command instanceof Command.Commit c) {
                return commit(c);
            } else if (command instanceof Command.Abort c) {
                return abort(c);
            } else if (command instanceof Command.PatchDocument c) {
                return patch(c);
            } else if (command instanceof Command.CreateHook c) {
                return createHook(c);
            } else if (command instanceof Command.DeleteHook c) {
                return deleteHook(c);
            } else if (command instanceof Command.HookDelivered c) {
                return hookDelivered(c);
            }
            return expired ? new Outcome.Released() : new Outcome.Unchanged();
        } catch (LighthouseException e) {
            return new Outcome.Failed(e);
        } catch (RuntimeException e) {
            return new Outcome.Failed(InternalFailure.logged("command " + command.getClass().getSimpleName()
                    + " failed; state unchanged", e));
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

    /** The latest command time applied so far; commands stamped earlier count as stamped now. */
    public Instant clock() {
        return clock;
    }

    /**
     * Replaces the whole state with one received from elsewhere (a Raft snapshot), as of log
     * position {@code logIndex}. When data.d already holds the snapshot's version with the same
     * checksum, its retained history is kept; otherwise newer files are set aside.
     */
    public void install(Version version, LockState lock, HookSet hooks, long logIndex, Instant snapshotClock) {
        Version local = state.history().get(version.seq());
        VersionHistory history;
        if (local != null && local.checksum().equals(version.checksum())) {
            if (state.current().seq() > version.seq()) {
                store.setAsideFrom(version.seq() + 1, "superseded");
            }
            history = state.history().upTo(version.seq());
        } else {
            if (local != null || state.current().seq() > version.seq()) {
                LOG.warn("data.d held versions from {} on that differ from the cluster's; setting them aside as"
                        + " *.superseded and taking the cluster's version {} {}", version.seq(), version.seq(),
                        version.checksum());
            }
            store.setAsideFrom(version.seq(), "superseded");
            persist(version, null, null);
            history = VersionHistory.of(List.of(version));
        }
        seeded = true;
        clock = snapshotClock;
        if (hooks != state.hooks()) {
            persistHooks(hooks);
        }
        publish(new StoreState(history, lock, hooks));
        appliedIndex = logIndex;
    }

    /** Syncs every version file written so far, now (any thread); see {@link #durableIndex}. */
    public void syncVersions() {
        store.syncWritten();
    }

    /** The Raft log index up to which data.d is durable: the log may forget commands up to there. */
    public long durableIndex() {
        return store.durableIndex();
    }

    private Outcome seed(Command.Seed c) {
        if (seeded) {
            LOG.warn("ignoring a second seed (version {}) at log index {}", c.version().seq(), index);
            return new Outcome.Unchanged();
        }
        Version version = withIndex(c.version(), index);
        Version local = state.history().get(version.seq());
        if (local == null || !local.checksum().equals(version.checksum()) || state.current().seq() != version.seq()) {
            install(version, null, state.hooks(), index, clock);
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

    private Outcome acquire(Command.Acquire c) {
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

    private Outcome stage(Command.Stage c) {
        LockState lock = holder(c.name(), c.by());
        LockState next = lock.withEdit(withinDepth(c.edit().applyTo(lock.document())), now);
        publish(state.withLock(next));
        return new Outcome.Locked(next);
    }

    private Outcome commit(Command.Commit c) {
        LockState lock = holder(c.name(), c.by());
        Version version = lock.document().sameAs(state.current().root())
                ? null
                : persistNewVersion(lock.document(), c.name(), lock.owner());
        publish(state.withHistory(version == null ? state.history() : state.history().append(version, retain), null));
        return new Outcome.Committed(version);
    }

    private Outcome abort(Command.Abort c) {
        holder(c.name(), c.by());
        publish(state.withLock(null));
        return new Outcome.Released();
    }

    private Outcome patch(Command.PatchDocument c) {
        if (state.lock() != null) {
            throw new LockHeld(state.lock().name());
        }
        Version current = state.current();
        if (c.expectedSeq() != null && c.expectedSeq() != current.seq()) {
            throw new PreconditionFailed("If-Match expects version " + c.expectedSeq() + " but the current version is "
                    + current.seq());
        }
        ObjectNode document = withinDepth(c.edit().applyTo(current.root()));
        if (document.sameAs(current.root())) {
            return new Outcome.Committed(null);
        }
        Version version = persistNewVersion(document, Command.PatchDocument.LOCK_NAME, c.by());
        publish(state.withHistory(state.history().append(version, retain), null));
        return new Outcome.Committed(version);
    }

    private Outcome createHook(Command.CreateHook c) {
        if (index != 0 && index <= state.hooks().index()) {
            return new Outcome.Hooked(state.hooks().get(c.name())); // replayed: hooks.json has it already
        }
        if (state.hooks().get(c.name()) != null) {
            throw new Conflict("a hook named '" + c.name() + "' exists; delete it first or choose another name");
        }
        Hook hook = new Hook(c.name(), c.path(), c.url(), state.current().seq());
        HookSet next = state.hooks().with(hook, index);
        persistHooks(next);
        publish(state.withHooks(next));
        LOG.info("hook '{}' registered for {} -> {}", hook.name(), hook.path(), hook.url());
        return new Outcome.Hooked(hook);
    }

    private Outcome deleteHook(Command.DeleteHook c) {
        if (index != 0 && index <= state.hooks().index()) {
            return new Outcome.Hooked(null);
        }
        if (state.hooks().get(c.name()) == null) {
            throw new NotFound("no hook named '" + c.name() + "'", null);
        }
        HookSet next = state.hooks().without(c.name(), index);
        persistHooks(next);
        publish(state.withHooks(next));
        LOG.info("hook '{}' deleted", c.name());
        return new Outcome.Hooked(null);
    }

    private Outcome hookDelivered(Command.HookDelivered c) {
        Hook hook = state.hooks().get(c.name());
        if (hook == null || hook.delivered() >= c.seq() || (index != 0 && index <= state.hooks().index())) {
            return new Outcome.Hooked(hook);
        }
        HookSet next = state.hooks().with(hook.deliveredUpTo(c.seq()), index);
        persistHooks(next);
        publish(state.withHooks(next));
        return new Outcome.Hooked(next.get(c.name()));
    }

    /** Like version files: written off this thread, in commit order, retried until the disk takes it. */
    private void persistHooks(HookSet hooks) {
        store.persistHooks(hooks);
    }

    private ObjectNode withinDepth(ObjectNode document) {
        if (document.depth() > maxDepth) {
            throw new InvalidInput("the edit would nest the document " + document.depth()
                    + " levels deep; the limit is " + maxDepth);
        }
        return document;
    }

    /** Decided from replicated state, so every replica refuses the same commands. */
    private LockState holder(String name, String by) {
        return LockState.heldBy(state.lock(), name, by);
    }

    /** Makes the next version and has data.d write it (asynchronously; see {@link #persist}). */
    private Version persistNewVersion(ObjectNode document, String lockName, String by) {
        Version previous = state.current();
        List<PatchOp> patch = Diff.between(previous.root(), document);
        Instant timestamp = now.isBefore(previous.timestamp()) ? previous.timestamp() : now;
        Version version = new Version(previous.seq() + 1, document, timestamp, lockName, by,
                Diff.changedPointers(patch), index);
        persist(version, previous, patch);
        store.afterWrites("the audit line of version " + version.seq(), () -> AUDIT.info(
                "commit seq={} by={} lock={} changed={} checksum={}", version.seq(), by == null ? "-" : by, lockName,
                AuditPaths.of(version.changed()), version.checksum()));
        return version;
    }

    /**
     * Hands the version's file to data.d's writer thread: the version exists once its command is
     * in the (fsync'd) log, so neither the commit's reply nor the followers' news waits for a file
     * write, and a failed write cannot undo it: every replica must apply the same commands to the
     * same effect. The node serves the version from memory while the writer retries.
     *
     * @param previous the version before, or null to write {@code version} as a whole file
     */
    private void persist(Version version, Version previous, List<PatchOp> patch) {
        Version oldestRetained = retain <= 1 || previous == null ? version : state.history().get(version.seq() - retain + 1);
        store.persist(version, previous == null ? version : previous, previous == null ? List.of() : patch,
                oldestRetained == null ? state.history().oldest() : oldestRetained, previous == null);
    }

    private void publish(StoreState next) {
        StoreState before = state;
        state = next;
        view.publish(before, next);
    }
}
