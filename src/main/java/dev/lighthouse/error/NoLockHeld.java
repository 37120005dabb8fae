package dev.lighthouse.error;

/** A lock-scoped request arrived while no update lock is held (never taken, committed, aborted or lapsed). */
public class NoLockHeld extends LighthouseException {

    public NoLockHeld(String name) {
        super(ProblemType.NO_LOCK, "lock '" + name + "' was never taken, or was committed, aborted or has lapsed");
    }
}
