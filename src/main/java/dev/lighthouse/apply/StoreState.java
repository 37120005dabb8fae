package dev.lighthouse.apply;

import dev.lighthouse.coord.Coordination;
import dev.lighthouse.store.HookSet;
import dev.lighthouse.store.Version;
import dev.lighthouse.store.VersionHistory;

/**
 * Everything readers may see, as one immutable value swapped atomically after
 * each applied command: a reader holding one never sees half a commit.
 *
 * @param lock         the held lock, or null
 * @param hooks        the registered webhooks
 * @param coordination sessions and groups: replicated beside the document, never part of it, so
 *                     they change no version, checksum or file in data.d
 */
public record StoreState(VersionHistory history, LockState lock, HookSet hooks, Coordination coordination) {

    public StoreState(VersionHistory history, LockState lock) {
        this(history, lock, HookSet.EMPTY);
    }

    public StoreState(VersionHistory history, LockState lock, HookSet hooks) {
        this(history, lock, hooks, Coordination.EMPTY);
    }

    StoreState withLock(LockState next) {
        return new StoreState(history, next, hooks, coordination);
    }

    StoreState withHistory(VersionHistory next, LockState nextLock) {
        return new StoreState(next, nextLock, hooks, coordination);
    }

    StoreState withHooks(HookSet next) {
        return new StoreState(history, lock, next, coordination);
    }

    StoreState withCoordination(Coordination next) {
        return new StoreState(history, lock, hooks, next);
    }

    public Version current() {
        return history.current();
    }
}
