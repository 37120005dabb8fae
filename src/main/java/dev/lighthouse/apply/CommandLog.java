package dev.lighthouse.apply;

import java.util.concurrent.CompletableFuture;

/**
 * Orders commands and hands each to the {@link Applier} exactly once. A single
 * node uses {@link LocalCommandLog}; a cluster puts a replicated log behind the
 * same interface, so the rest of the server cannot tell the difference.
 */
public interface CommandLog extends AutoCloseable {

    /** @return completes with the outcome once the command is applied (and durable) */
    CompletableFuture<Outcome> submit(Command command);

    @Override
    void close();
}
