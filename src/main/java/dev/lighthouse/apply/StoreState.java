package dev.lighthouse.apply;

import dev.lighthouse.store.Version;
import dev.lighthouse.store.VersionHistory;

/**
 * Everything readers may see, as one immutable value swapped atomically after
 * each applied command: a reader holding one never sees half a commit.
 *
 * @param lock the held lock, or null
 */
public record StoreState(VersionHistory history, LockState lock) {

    public Version current() {
        return history.current();
    }
}
