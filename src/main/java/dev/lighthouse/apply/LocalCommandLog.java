package dev.lighthouse.apply;

import dev.lighthouse.error.StorageFailure;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** A cluster of one: commands are applied in arrival order on one thread. */
public final class LocalCommandLog implements CommandLog {

    private static final int MAX_QUEUED = 10_000;

    private final Applier applier;
    private final ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(MAX_QUEUED), runnable -> {
                Thread t = new Thread(runnable, "lighthouse-applier");
                t.setDaemon(true);
                return t;
            });

    public LocalCommandLog(Applier applier) {
        this.applier = applier;
    }

    @Override
    public CompletableFuture<Outcome> submit(Command command) {
        try {
            return CompletableFuture.supplyAsync(() -> applier.apply(command), thread);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(new Outcome.Failed(
                    new StorageFailure("too many writes queued (" + MAX_QUEUED + "); retry later")));
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
