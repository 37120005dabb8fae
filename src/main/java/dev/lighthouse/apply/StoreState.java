package dev.lighthouse.apply;

import dev.lighthouse.store.HookSet;
import dev.lighthouse.store.Version;
import dev.lighthouse.store.VersionHistory;

/**
 * Everything readers may see, as one immutable value swapped atomically after
 * each applied command: a reader holding one never sees half a commit.
 *
 * @param lock  the held lock, or null
 * @param hooks the registered webhooks
 */
public record StoreState(VersionHistory history, LockState lock, HookSet hooks) {

    public StoreState(VersionHistory history, LockState lock) {
        this(history, lock, HookSet.EMPTY);
    }

    StoreState withLock(LockState next) {
        return new StoreState(history, next, hooks);
    }

    StoreState withHistory(VersionHistory next, LockState nextLock) {
        return new StoreState(next, nextLock, hooks);
    }

    StoreState withHooks(HookSet next) {
        return new StoreState(history, lock, next);
    }

    public Version current() {
        return history.current();
    }
}
