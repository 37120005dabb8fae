package dev.lighthouse.ctl;

import dev.lighthouse.client.Commit;
import dev.lighthouse.client.ConflictException;
import dev.lighthouse.client.LighthouseClient;
import dev.lighthouse.client.LockState;
import dev.lighthouse.client.Staging;
import dev.lighthouse.client.WriteOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The update lock taken under a generated name ({@code lighthousectl-<host>-<pid>}) for one
 * change: closed without {@link #commit()}, it aborts, so a failure never leaves the lock
 * held; so does Ctrl-C (a shutdown hook) while it is held.
 */
final class OwnLock implements AutoCloseable {

    /** Lease for set, rm and rollback: a few requests' time, so a killed client frees the lock soon. */
    static final Duration SHORT_TTL = Duration.ofMinutes(1);
    private static final Duration FIRST_RETRY = Duration.ofMillis(50);
    private static final Duration MAX_RETRY = Duration.ofMillis(500);

    private final LighthouseClient client;
    private final String name;
    private final Thread abortOnExit;
    private LockState state;
    private volatile boolean finished;

    private OwnLock(LighthouseClient client, String name) {
        this.client = client;
        this.name = name;
        this.abortOnExit = new Thread(this::abortQuietly, "lighthousectl-abort");
        Runtime.getRuntime().addShutdownHook(abortOnExit);
    }

    /**
     * Takes the lock, trying again while another name holds it until {@code wait} has passed
     * (then the 409 naming the holder is thrown), saying once on stderr whom it waits for. It
     * asks the server not to wait: a request waiting there would be granted the lock even after
     * this process was killed, leaving it held until the lease lapsed. The abort-on-exit hook is
     * in place before the first request, so a client killed just as the lock is granted still
     * gives it back.
     */
    static OwnLock take(LighthouseClient client, Duration ttl, Duration wait, Output output) {
        OwnLock lock = new OwnLock(client, generatedName());
        long deadline = System.nanoTime() + wait.toNanos();
        Duration pause = FIRST_RETRY;
        boolean said = false;
        while (true) {
            try {
                lock.state = client.lock(lock.name, ttl, Duration.ZERO);
                return lock;
            } catch (ConflictException e) {
                boolean heldByAnother = "lock-held".equals(e.type());
                if (!heldByAnother || System.nanoTime() + pause.toNanos() - deadline > 0) {
                    lock.finished = heldByAnother;
                    lock.close();
                    throw e;
                }
                if (!said) {
                    output.note(waitingNote(client, e.holder(), wait));
                    said = true;
                }
            } catch (RuntimeException e) {
                lock.close();
                throw e;
            }
            sleep(pause);
            pause = pause.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : pause.multipliedBy(2);
        }
    }

    /** {@code waiting for the lock held by ops since 12:00:01Z (up to 10s)...}, the time read from the lock. */
    private static String waitingNote(LighthouseClient client, String holder, Duration wait) {
        String since = "";
        try {
            LockState held = client.lockState();
            if (held.locked() && held.since() != null) {
                since = " since " + held.since();
                holder = held.name();
            }
        } catch (RuntimeException e) {
            // the note goes without the time; the retries say whether the server answers
        }
        return "waiting for the lock held by " + (holder == null ? "another name" : holder) + since
                + " (up to " + Durations.format(wait) + ")...";
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CtlFailure.failed("interrupted while waiting for the lock");
        }
    }

    String name() {
        return name;
    }

    /** Where this update stages its edits. */
    Staging staging() {
        return client.staging(name);
    }

    /** The lock state when it was taken ({@code base}: the seq the update starts from). */
    LockState state() {
        return state;
    }

    /** Commits; the new version, or empty when the staged document equals the current one. */
    Optional<Commit> commit() {
        Optional<Commit> commit = client.commit(name, WriteOptions.NONE);
        finished = true;
        return commit;
    }

    /** What a command prints after a commit. */
    static String describe(Optional<Commit> commit) {
        return commit.map(done -> Long.toString(done.seq())).orElse("unchanged");
    }

    @Override
    public void close() {
        abortQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(abortOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private void abortQuietly() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            client.abort(name);
        } catch (RuntimeException e) {
            // best effort: the lease lapses on its own
        }
    }

    /** {@code lighthousectl-<host>-<pid>}, reduced to the characters a lock name may hold. */
    static String generatedName() {
        String name = "lighthousectl-" + hostName() + "-" + ProcessHandle.current().pid();
        name = name.replaceAll("[^A-Za-z0-9._-]", "-");
        return name.length() <= 128 ? name : name.substring(name.length() - 128);
    }

    /** Read from the kernel rather than through a resolver, which can take seconds. */
    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
        } catch (Exception e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "localhost" : env;
        }
    }
}
