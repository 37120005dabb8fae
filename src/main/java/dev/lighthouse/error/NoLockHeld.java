package dev.lighthouse.error;

/** A lock-scoped request arrived while no update lock is held (never taken, committed, aborted or lapsed). */
public class NoLockHeld extends LighthouseException {

    public NoLockHeld(String name) {
        super("no update lock is held (lock '" + name + "' was never taken, or was committed, aborted or has lapsed)");
    }

    @Override
    public int status() {
        return 412;
    }

    @Override
    public String type() {
        return "no-lock";
    }

    @Override
    public String title() {
        return "No update lock held";
    }
}
