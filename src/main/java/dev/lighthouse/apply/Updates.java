package dev.lighthouse.apply;

import dev.lighthouse.error.LighthouseException;
import dev.lighthouse.error.LockHeld;
import dev.lighthouse.error.StorageFailure;
import dev.lighthouse.store.Version;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The write API the HTTP layer calls: stamps each command with the time,
 * submits it to the {@link CommandLog}, waits for its outcome and turns a
 * failure back into the exception the client should see. Blocking; callers
 * are request threads.
 */
public final class Updates {

    private final CommandLog log;
    private final StateView view;
    private final Clock clock;
    private final Duration writeTimeout;

    public Updates(CommandLog log, StateView view, Clock clock, Duration writeTimeout) {
        this.log = log;
        this.view = view;
        this.clock = clock;
        this.writeTimeout = writeTimeout;
    }

    /** Takes or renews the lock, waiting up to {@code wait} for another holder to let go. */
    public LockState acquire(String name, Duration ttl, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            CompletableFuture<Void> released = view.nextRelease();
            Outcome outcome = execute(new Command.Acquire(name, ttl, now()));
            if (!(outcome instanceof Outcome.Failed failed) || !(failed.problem() instanceof LockHeld held)) {
                return ((Outcome.Locked) unwrap(outcome)).lock();
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw held;
            }
            awaitRelease(released, held, remaining);
        }
    }

    public LockState stage(String name, Edit edit) {
        return ((Outcome.Locked) unwrap(execute(new Command.Stage(name, edit, now())))).lock();
    }

    /** @return the new version, or null when the staged document equalled the current one */
    public Version commit(String name) {
        return ((Outcome.Committed) unwrap(execute(new Command.Commit(name, now())))).version();
    }

    public void abort(String name) {
        unwrap(execute(new Command.Abort(name, now())));
    }

    /** Lock, edit and commit in one step; see {@link Command.PatchDocument}. */
    public Version patch(Edit edit, Long expectedSeq) {
        return ((Outcome.Committed) unwrap(execute(new Command.PatchDocument(edit, expectedSeq, now())))).version();
    }

    /** Frees a lapsed lock now instead of at the next timer tick, so a reader never sees a dead lease. */
    public StoreState expireLapsed() {
        LockState lock = view.state().lock();
        if (lock != null && lock.lapsedAt(now())) {
            unwrap(execute(new Command.Expire(now())));
        }
        return view.state();
    }

    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private Outcome execute(Command command) {
        try {
            return log.submit(command).get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new StorageFailure("the write did not complete within " + writeTimeout.toMillis()
                    + " ms; it may still be applied");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageFailure("interrupted while waiting for the write");
        } catch (ExecutionException e) {
            throw new StorageFailure("the write failed: " + e.getCause());
        }
    }

    private static Outcome unwrap(Outcome outcome) {
        if (outcome instanceof Outcome.Failed failed) {
            throw failed.problem();
        }
        return outcome;
    }

    private static void awaitRelease(CompletableFuture<Void> released, LighthouseException held, long nanos) {
        try {
            released.get(nanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw held;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw held;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the release signal never fails", e);
        }
    }
}
