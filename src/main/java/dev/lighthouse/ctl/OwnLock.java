package dev.lighthouse.ctl;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The update lock taken under a generated name ({@code lighthousectl-<host>-<pid>}) for one
 * change: closed without {@link #commit()}, it aborts, so a failure never leaves the lock
 * held; so does Ctrl-C (a shutdown hook) while it is held.
 */
final class OwnLock implements AutoCloseable {

    /** Lease for set, rm and rollback: a few requests' time, so a killed client frees the lock soon. */
    static final String SHORT_TTL = "1m";
    private static final Duration FIRST_RETRY = Duration.ofMillis(50);
    private static final Duration MAX_RETRY = Duration.ofMillis(500);

    /** One staging step under a lock name. */
    @FunctionalInterface
    interface Edit {
        void stage(String lockName);
    }

    private final Updates updates;
    private final String name;
    private final Thread abortOnExit;
    private Map<String, Object> state;
    private volatile boolean finished;

    private OwnLock(Updates updates, String name) {
        this.updates = updates;
        this.name = name;
        this.abortOnExit = new Thread(this::abortQuietly, "lighthousectl-abort");
        Runtime.getRuntime().addShutdownHook(abortOnExit);
    }

    /**
     * Takes the lock, trying again while another name holds it until {@code wait} has passed
     * (then the 409 naming the holder is thrown). It asks the server not to wait: a request
     * waiting there would be granted the lock even after this process was killed, leaving it
     * held until the lease lapsed. The abort-on-exit hook is in place before the first request,
     * so a client killed just as the lock is granted still gives it back.
     */
    static OwnLock take(Updates updates, String ttl, Duration wait) {
        OwnLock lock = new OwnLock(updates, generatedName());
        long deadline = System.nanoTime() + wait.toNanos();
        Duration pause = FIRST_RETRY;
        while (true) {
            try {
                lock.state = updates.acquire(lock.name, ttl, "0s");
                return lock;
            } catch (CtlFailure e) {
                boolean heldByAnother = e.status() == 409;
                if (!heldByAnother || System.nanoTime() + pause.toNanos() - deadline > 0) {
                    lock.finished = heldByAnother;
                    lock.close();
                    throw e;
                }
            }
            sleep(pause);
            pause = pause.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : pause.multipliedBy(2);
        }
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

    /** The lock state when it was taken ({@code base}: the seq the update starts from). */
    Map<String, Object> state() {
        return state;
    }

    /** Commits; the new seq, or empty when the staged document equals the current one. */
    OptionalLong commit() {
        OptionalLong seq = updates.commit(name);
        finished = true;
        return seq;
    }

    /** What a command prints after a commit. */
    static String describe(OptionalLong seq) {
        return seq.isPresent() ? Long.toString(seq.getAsLong()) : "unchanged";
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
            updates.abort(name);
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
