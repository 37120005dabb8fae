package dev.lighthouse.apply;

import dev.lighthouse.coord.Fence;
import dev.lighthouse.coord.Session;
import dev.lighthouse.error.Futures;
import dev.lighthouse.error.InsufficientStorage;
import dev.lighthouse.error.LighthouseException;
import dev.lighthouse.error.LockHeld;
import dev.lighthouse.error.PreconditionFailed;
import dev.lighthouse.error.Unavailable;
import dev.lighthouse.store.Hook;
import dev.lighthouse.store.Version;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.Node;
import dev.lighthouse.tree.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The write API the HTTP layer calls: stamps each command with the time,
 * submits it to the {@link CommandLog}, waits for its outcome and turns a
 * failure back into the exception the client should see. Blocking, except
 * {@link #acquire}, whose wait for a held lock may be long; callers are
 * request threads.
 */
public final class Updates {

    private static final String WRITE = "the write";

    private final CommandLog log;
    private final StateView view;
    private final Clock clock;
    private final Duration writeTimeout;
    private final AtomicInteger lockWaiters = new AtomicInteger();

    public Updates(CommandLog log, StateView view, Clock clock, Duration writeTimeout) {
        this.log = log;
        this.view = view;
        this.clock = clock;
        this.writeTimeout = writeTimeout;
    }

    /**
     * Takes or renews the lock, waiting up to {@code wait} for another holder to let go. The
     * wait holds no thread: each attempt is a command, and a held lock parks a callback on the
     * next release signal. Completes exceptionally with {@link LockHeld} when the wait runs out.
     */
    /** @param by the access token name asking (null without access control); see {@link Command} */
    public CompletableFuture<LockState> acquire(String name, Duration ttl, Duration wait, String by) {
        CompletableFuture<LockState> result = new CompletableFuture<>();
        attemptAcquire(name, ttl, by, System.nanoTime() + wait.toNanos(), result);
        return result;
    }

    private void attemptAcquire(String name, Duration ttl, String by, long deadline,
                                CompletableFuture<LockState> result) {
        // Taken before the attempt, so a release between the attempt and the wait is not missed.
        CompletableFuture<Void> released = view.nextRelease();
        log.submit(new Command.Acquire(name, ttl, by, now())).copy()
                .orTimeout(writeTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((outcome, error) -> {
                    if (error != null) {
                        result.completeExceptionally(writeFailure(error));
                    } else if (outcome instanceof Outcome.Failed failed && failed.problem() instanceof LockHeld held) {
                        long remaining = deadline - System.nanoTime();
                        if (remaining <= 0) {
                            result.completeExceptionally(held);
                            return;
                        }
                        // copy(): the release signal is shared, and a timeout must not complete it for others.
                        lockWaiters.incrementAndGet();
                        released.copy().orTimeout(remaining, TimeUnit.NANOSECONDS).whenComplete((ignored, timeout) -> {
                            lockWaiters.decrementAndGet();
                            if (timeout != null) {
                                result.completeExceptionally(held);
                            } else {
                                attemptAcquire(name, ttl, by, deadline, result);
                            }
                        });
                    } else if (outcome instanceof Outcome.Failed failed) {
                        result.completeExceptionally(failed.problem());
                    } else {
                        result.complete(((Outcome.Locked) outcome).lock());
                    }
                });
    }

    public LockState stage(String name, Edit edit, String by) {
        return ((Outcome.Locked) unwrap(execute(new Command.Stage(name, edit, by, now())))).lock();
    }

    /** @return the new version, or null when the staged document equalled the current one */
    public Version commit(String name, String by) {
        return commit(name, by, null);
    }

    /**
     * @param fence a member that must hold with its token when the commit applies, or null
     * @return the new version, or null when the staged document equalled the current one
     */
    public Version commit(String name, String by, Fence fence) {
        return ((Outcome.Committed) unwrap(execute(new Command.Commit(name, by, fence, now())))).version();
    }

    public void abort(String name, String by) {
        unwrap(execute(new Command.Abort(name, by, now())));
    }

    /**
     * Lock, edit and commit in one step (see {@link Command.PatchDocument}) without holding the
     * caller's thread: completes with the new version, or with the {@link LighthouseException}
     * explaining the refusal, on the thread that applied the command. The command log bounds the
     * wait by the write timeout.
     */
    public CompletableFuture<Version> patchLater(Edit edit, Long expectedSeq, String by) {
        return patchLater(edit, expectedSeq, by, null);
    }

    /** {@link #patchLater(Edit, Long, String)}, applied only if {@code fence} (when not null) holds then. */
    public CompletableFuture<Version> patchLater(Edit edit, Long expectedSeq, String by, Fence fence) {
        return log.submit(new Command.PatchDocument(edit, expectedSeq, by, fence, now())).handle((outcome, error) -> {
            if (error != null) {
                throw writeFailure(error);
            }
            return ((Outcome.Committed) unwrap(outcome)).version();
        });
    }

    /**
     * {@link #patchLater} for a caller whose right to make the edit depends on what it changes
     * (grants narrower than the edit's path). {@code check} is given the document before and
     * after the edit, as of the version the edit will apply to, and throws to refuse it; the
     * command then names that version, so what was checked is exactly what is applied. When
     * another commit comes first, the edit is checked and sent again, within the write timeout,
     * unless the caller named the version itself ({@code expectedSeq}, from If-Match).
     *
     * @param check throws the refusal (a {@link LighthouseException}); called on any thread
     */
    public CompletableFuture<Version> patchChecked(Edit edit, Long expectedSeq, String by,
                                                   BiConsumer<ObjectNode, ObjectNode> check) {
        return patchChecked(edit, expectedSeq, by, null, check);
    }

    /** {@link #patchChecked(Edit, Long, String, BiConsumer)}, applied only if {@code fence} (when not null) holds then. */
    public CompletableFuture<Version> patchChecked(Edit edit, Long expectedSeq, String by, Fence fence,
                                                   BiConsumer<ObjectNode, ObjectNode> check) {
        return checkedAttempt(edit, expectedSeq, by, fence, check, System.nanoTime() + writeTimeout.toNanos());
    }

    private CompletableFuture<Version> checkedAttempt(Edit edit, Long expectedSeq, String by, Fence fence,
                                                      BiConsumer<ObjectNode, ObjectNode> check, long deadline) {
        Version current = view.state().current();
        if (expectedSeq != null && expectedSeq > current.seq()) {
            // Not here yet: there is nothing to check against, and the leader may already be there.
            return CompletableFuture.failedFuture(new PreconditionFailed("If-Match expects version " + expectedSeq
                    + " but this node has applied only up to version " + current.seq() + " so far; ask again"));
        }
        if (expectedSeq == null || expectedSeq == current.seq()) {
            check.accept(current.root(), edit.applyTo(current.root()));
        } // else older than current: the applier refuses it whatever it holds, so nothing unchecked applies
        long pinned = expectedSeq != null ? expectedSeq : current.seq();
        return patchLater(edit, pinned, by, fence).exceptionallyComposeAsync(error -> {
            // A refused fence is a 412 too; only a stale version is worth checking and sending again.
            boolean overtaken = expectedSeq == null && Futures.cause(error) instanceof PreconditionFailed
                    && view.state().current().seq() != pinned;
            if (!overtaken) {
                return CompletableFuture.failedFuture(error);
            }
            if (System.nanoTime() > deadline) {
                return CompletableFuture.failedFuture(new Unavailable("other commits kept changing the document"
                        + " while this patch was checked against the caller's grants; nothing was applied",
                        Unavailable.Outcome.NOT_APPLIED));
            }
            return checkedAttempt(edit, null, by, fence, check, deadline);
        });
    }

    /** @throws dev.lighthouse.error.Conflict when the name is taken */
    public Hook createHook(String name, String path, String url) {
        return ((Outcome.Hooked) unwrap(execute(new Command.CreateHook(name, path, url, now())))).hook();
    }

    /** @throws dev.lighthouse.error.Conflict when a hook with that name exists */
    public Hook createGroupHook(String name, JsonPath group, String url) {
        return ((Outcome.Hooked) unwrap(execute(new Command.CreateHook(name, null, group, url, now())))).hook();
    }

    /** @throws dev.lighthouse.error.NotFound when there is no such hook */
    public void deleteHook(String name) {
        unwrap(execute(new Command.DeleteHook(name, now())));
    }

    /** Records through the log that a hook's receiver acknowledged {@code seq}. */
    public void hookDelivered(String name, long seq) {
        unwrap(execute(new Command.HookDelivered(name, seq, now())));
    }

    /**
     * Opens a session; its id is made by the caller ({@link dev.lighthouse.coord.SessionIds}), so
     * every replica gives it the same one.
     *
     * @throws dev.lighthouse.error.LimitExceeded when the cluster holds as many sessions as it may
     */
    public Session openSession(String id, String name, Duration ttl, String by) {
        return ((Outcome.SessionOpened) unwrap(execute(new Command.OpenSession(id, name, ttl, by, now())))).session();
    }

    /**
     * Ends a session and all its memberships in one step.
     *
     * @throws dev.lighthouse.error.NotFound  when it has ended already or never was
     * @throws dev.lighthouse.error.Forbidden when another access token opened it
     */
    public void endSession(String id, String by) {
        unwrap(execute(new Command.EndSession(id, by, now())));
    }

    /**
     * Joins a group, or updates the value of a member the session has already.
     *
     * @param limit the group's limit as the joiner names it, 0 for none
     * @return the group as the join left it, and the member in it
     */
    public Outcome.Joined joinGroup(JsonPath group, String member, String session, Node value, int limit, String by) {
        return (Outcome.Joined) unwrap(execute(new Command.JoinGroup(group, member, session, value, limit, by, now())));
    }

    /** Leaves a group; leaving a group one is not in changes nothing and is no error. */
    public void leaveGroup(JsonPath group, String member, String session, String by) {
        unwrap(execute(new Command.LeaveGroup(group, member, session, by, now())));
    }

    /** Clients currently parked waiting for a held lock. */
    public int lockWaiters() {
        return lockWaiters.get();
    }

    /**
     * Frees a lapsed lock now instead of at the next timer tick, so a reader never sees a dead
     * lease. While the disk takes no writes the expiry cannot be recorded; the lock is shown
     * free all the same, as it is: any command expires it before anything else.
     */
    public StoreState expireLapsed() {
        LockState lock = view.state().lock();
        if (lock != null && lock.lapsedAt(now())) {
            try {
                unwrap(execute(new Command.Expire(now())));
            } catch (InsufficientStorage e) {
                StoreState state = view.state();
                return state.lock() == lock ? state.withLock(null) : state;
            }
        }
        return view.state();
    }

    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private Outcome execute(Command command) {
        return Futures.await(log.submit(command), writeTimeout, WRITE, Unavailable.Outcome.UNKNOWN);
    }

    private LighthouseException writeFailure(Throwable error) {
        return Futures.problem(error, WRITE, writeTimeout, Unavailable.Outcome.UNKNOWN);
    }

    private static Outcome unwrap(Outcome outcome) {
        if (outcome instanceof Outcome.Failed failed) {
            throw failed.problem();
        }
        return outcome;
    }
}
