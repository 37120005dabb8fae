package dev.lighthouse.apply;

import dev.lighthouse.error.Forbidden;

/**
 * The lock belongs to the token that took it: knowing its name is not enough. Decided by the
 * applier from replicated state, so every replica refuses the same commands; the HTTP layer
 * asks the same question to refuse early. A null on either side means no access control was in
 * force, when names alone decide.
 */
public final class LockOwner {

    private LockOwner() {
    }

    /** @throws Forbidden when {@code by} is not the token that took {@code lock} */
    public static void check(LockState lock, String by) {
        if (lock.owner() != null && by != null && !lock.owner().equals(by)) {
            throw new Forbidden("lock '" + lock.name() + "' was taken with another access token");
        }
    }
}
