package dev.lighthouse.apply;

import dev.lighthouse.error.InternalFailure;
import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.error.LighthouseException;
import dev.lighthouse.error.LockHeld;
import dev.lighthouse.error.NoLockHeld;
import dev.lighthouse.error.PreconditionFailed;
import dev.lighthouse.error.StorageFailure;
import dev.lighthouse.store.Version;
import dev.lighthouse.store.VersionStore;
import dev.lighthouse.tree.Diff;
import dev.lighthouse.tree.ObjectNode;
import dev.lighthouse.tree.PatchOp;
import java.io.UncheckedIOException;
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
 * <p>Not thread-safe: exactly one thread calls {@link #apply}.
 */
public final class Applier {

    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);

    private final VersionStore store;
    private final int retain;
    private final int maxDepth;
    private final StateView view;
    private StoreState state;

    /**
     * @param maxDepth deepest nesting the document may reach; an edit that would pass it is refused,
     *                 whatever its path and body, so no sequence of commits can build a document too
     *                 deep to serialise or reload
     */
    public Applier(VersionStore store, int retain, int maxDepth, StateView view) {
        this.store = store;
        this.retain = retain;
        this.maxDepth = maxDepth;
        this.view = view;
        this.state = view.state();
    }

    public Outcome apply(Command command) {
        try {
            boolean expired = expireLapsedLease(command.now());
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
            }
            return expired ? new Outcome.Released() : new Outcome.Unchanged();
        } catch (LighthouseException e) {
            return new Outcome.Failed(e);
        } catch (RuntimeException e) {
            InternalFailure failure = new InternalFailure();
            LOG.error("internal error {}: command {} failed; state unchanged", failure.id(),
                    command.getClass().getSimpleName(), e);
            return new Outcome.Failed(failure);
        }
    }

    private boolean expireLapsedLease(Instant now) {
        LockState lock = state.lock();
        if (lock == null || !lock.lapsedAt(now)) {
            return false;
        }
        LOG.info("lease of lock '{}' lapsed at {}; {} staged edit(s) discarded", lock.name(), lock.expires(), lock.staged());
        publish(new StoreState(state.history(), null));
        return true;
    }

    private Outcome acquire(Command.Acquire c) {
        LockState lock = state.lock();
        if (lock != null && !lock.name().equals(c.name())) {
            throw new LockHeld(lock.name());
        }
        LockState next = lock != null
                ? lock.renewed(c.now(), c.ttl())
                : new LockState(c.name(), c.now(), c.now().plus(c.ttl()), c.ttl(), state.current().seq(),
                        state.current().root(), 0);
        publish(new StoreState(state.history(), next));
        return new Outcome.Locked(next);
    }

    private Outcome stage(Command.Stage c) {
        LockState lock = holder(c.name());
        LockState next = lock.withEdit(withinDepth(c.edit().applyTo(lock.document())), c.now());
        publish(new StoreState(state.history(), next));
        return new Outcome.Locked(next);
    }

    private Outcome commit(Command.Commit c) {
        LockState lock = holder(c.name());
        Version version = lock.document().sameAs(state.current().root())
                ? null
                : persistNewVersion(lock.document(), c.name(), c.now());
        publish(new StoreState(version == null ? state.history() : state.history().append(version, retain), null));
        return new Outcome.Committed(version);
    }

    private Outcome abort(Command.Abort c) {
        holder(c.name());
        publish(new StoreState(state.history(), null));
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
        Version version = persistNewVersion(document, Command.PatchDocument.LOCK_NAME, c.now());
        publish(new StoreState(state.history().append(version, retain), null));
        return new Outcome.Committed(version);
    }

    private ObjectNode withinDepth(ObjectNode document) {
        if (document.depth() > maxDepth) {
            throw new InvalidInput("the edit would nest the document " + document.depth()
                    + " levels deep; the limit is " + maxDepth);
        }
        return document;
    }

    private LockState holder(String name) {
        LockState lock = state.lock();
        if (lock == null) {
            throw new NoLockHeld(name);
        }
        if (!lock.name().equals(name)) {
            throw new LockHeld(lock.name());
        }
        return lock;
    }

    /** Writes the version durably before anyone can see it; on failure nothing changes. */
    private Version persistNewVersion(ObjectNode document, String lockName, Instant now) {
        Version previous = state.current();
        List<PatchOp> patch = Diff.between(previous.root(), document);
        Instant timestamp = now.isBefore(previous.timestamp()) ? previous.timestamp() : now;
        Version version = new Version(previous.seq() + 1, document, timestamp, lockName, Diff.changedPointers(patch));
        Version oldestRetained = retain <= 1 ? version : state.history().get(version.seq() - retain + 1);
        try {
            store.persist(version, previous, patch, oldestRetained == null ? state.history().oldest() : oldestRetained);
        } catch (UncheckedIOException e) {
            LOG.error("version {} not committed: {}", version.seq(), e.getMessage());
            throw new StorageFailure("version " + version.seq() + " could not be written to data.d; nothing was committed");
        }
        LOG.info("committed version {} {} by lock '{}', {} changed path(s)", version.seq(), version.checksum(), lockName,
                version.changed().size());
        return version;
    }

    private void publish(StoreState next) {
        StoreState before = state;
        state = next;
        view.publish(before, next);
    }
}
