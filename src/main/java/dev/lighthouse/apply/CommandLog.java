package dev.lighthouse.apply;

import java.util.concurrent.CompletableFuture;

/**
 * Orders commands and hands each to the {@link Applier} exactly once. The one
 * implementation is the cluster's Raft log ({@code cluster.raft.RaftCommandLog});
 * a single node is a cluster of one, so there is no second path to keep right.
 */
public interface CommandLog extends AutoCloseable {

    /** @return completes with the outcome once the command is applied (and durable) */
    CompletableFuture<Outcome> submit(Command command);

    @Override
    void close();
}
