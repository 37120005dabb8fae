package dev.lighthouse.watch;

import dev.lighthouse.store.Version;
import dev.lighthouse.tree.Node;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * The value at a watched path as of one version. The notifier tells every watcher of the path
 * the same change, so what they all derive from it alike (an event frame, a long poll's reply) is
 * made once, by the first to ask ({@link #derived}), not once per watcher.
 */
public final class Change {

    private final Version version;
    private final Node value;
    private final boolean resync;
    /** Derivations made so far: how, what, how, what...; replaced whole, never changed in place. */
    private volatile Object[] derived = {};

    /**
     * @param value  null when nothing is at the path
     * @param resync the watcher asked from a version older than the retained history, so
     *               this is the current value rather than the change it missed
     */
    public Change(Version version, Node value, boolean resync) {
        this.version = Objects.requireNonNull(version);
        this.value = value;
        this.resync = resync;
    }

    public Version version() {
        return version;
    }

    /** The value, or null when nothing is at the path. */
    public Node value() {
        return value;
    }

    public boolean resync() {
        return resync;
    }

    /**
     * What {@code how} makes of this change, made on the first call with that {@code how} and
     * kept: pass the same function object (a constant) every time. Two threads asking at once may
     * both make it; one result is kept, so {@code how} must give equal results each time.
     */
    public <T> T derived(Function<Change, T> how) {
        T found = find(derived, how);
        if (found != null) {
            return found;
        }
        T made = how.apply(this);
        synchronized (this) {
            T raced = find(derived, how);
            if (raced != null) {
                return raced;
            }
            Object[] more = Arrays.copyOf(derived, derived.length + 2);
            more[more.length - 2] = how;
            more[more.length - 1] = made;
            derived = more;
        }
        return made;
    }

    @SuppressWarnings("unchecked")
    private static <T> T find(Object[] derived, Function<Change, T> how) {
        for (int i = 0; i < derived.length; i += 2) {
            if (derived[i] == how) {
                return (T) derived[i + 1];
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "Change[seq=" + version.seq() + ", value=" + (value == null ? "absent" : "present")
                + (resync ? ", resync" : "") + "]";
    }
}
