package dev.lighthouse.apply;

import dev.lighthouse.error.Forbidden;
import dev.lighthouse.error.LockHeld;
import dev.lighthouse.error.NoLockHeld;
import dev.lighthouse.tree.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/**
 * The held update lock and the document its holder has staged.
 *
 * @param owner  the access token (principal) name that took it; null without access control
 * @param base   the seq the staged document started from
 * @param staged number of edits staged so far
 */
public record LockState(String name, String owner, Instant since, Instant expires, Duration ttl, long base,
                        ObjectNode document, int staged) {

    /**
     * The lock, when it is held under {@code name} and was taken by {@code by}: the rule every
     * lock-scoped request meets, whether the applier decides it (stage, commit, abort, on every
     * replica alike) or a read of the staged document does.
     *
     * @param lock the lock as the state holds it, or null when none is held
     * @throws NoLockHeld when no lock is held
     * @throws LockHeld   when it is held under another name
     * @throws Forbidden  when it was taken with another access token (see {@link #checkOwner})
     */
    public static LockState heldBy(LockState lock, String name, String by) {
        if (lock == null) {
            throw new NoLockHeld(name);
        }
        if (!lock.name().equals(name)) {
            throw new LockHeld(lock.name());
        }
        lock.checkOwner(by);
        return lock;
    }

    /**
     * The lock belongs to the token that took it: knowing its name is not enough. A null on
     * either side means no access control was in force, when names alone decide.
     *
     * @param by the access token name asking, or null without access control
     * @throws Forbidden when {@code by} is not the token that took it
     */
    public void checkOwner(String by) {
        if (owner != null && by != null && !owner.equals(by)) {
            throw new Forbidden("lock '" + name + "' was taken with another access token");
        }
    }

    public boolean lapsedAt(Instant now) {
        return !now.isBefore(expires);
    }

    LockState renewed(Instant now, Duration newTtl) {
        return new LockState(name, owner, since, now.plus(newTtl), newTtl, base, document, staged);
    }

    LockState withEdit(ObjectNode newDocument, Instant now) {
        return new LockState(name, owner, since, now.plus(ttl), ttl, base, newDocument, staged + 1);
    }
}
