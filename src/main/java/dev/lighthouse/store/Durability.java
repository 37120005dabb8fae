package dev.lighthouse.store;

/**
 * How far data.d is durable, for the Raft log: it may forget the command of a
 * version only once that version's file is synced.
 */
public interface Durability {

    /** The Raft log index up to which every version file is durable: how far the log may forget. */
    long durableIndex();

    /** Syncs every version written so far, now, and returns once they are durable. */
    void syncWritten();
}
