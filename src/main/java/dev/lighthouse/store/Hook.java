package dev.lighthouse.store;

import dev.lighthouse.tree.JsonPath;
import java.util.Objects;

/**
 * A registered webhook, on a document path or on a group (exactly one of the two). After each
 * commit that changes the value at {@code path}, the leader POSTs {@code {name,path,seq,uri}} to
 * {@code url}; after each change of {@code group}, {@code {name,group,rev,uri}}.
 *
 * @param path      a JSON Pointer into the document, or null for a group hook
 * @param group     the group's name, or null for a path hook
 * @param delivered how far the receiver has acknowledged: for a path hook the newest seq, for a
 *                  group hook the newest rev (at creation, the current seq, or the coordination
 *                  counter); delivery resumes after it
 * @param emptied   group hooks only: the coordination counter just after the group last lost its
 *                  last member since the hook was made, 0 if it has not. An empty group is not
 *                  kept in the coordination state, so without this a change that empties the
 *                  group would leave nothing behind to say it is still to be notified.
 */
public record Hook(String name, String path, JsonPath group, String url, long delivered, long emptied) {

    public Hook {
        if ((path == null) == (group == null)) {
            throw new IllegalArgumentException("a hook names a path or a group, not " + (path == null ? "neither"
                    : "both"));
        }
    }

    /** A path hook. */
    public Hook(String name, String path, String url, long delivered) {
        this(name, path, null, url, delivered, 0);
    }

    /** A group hook. */
    public static Hook onGroup(String name, JsonPath group, String url, long delivered, long emptied) {
        return new Hook(name, null, group, url, delivered, emptied);
    }

    public boolean onGroup() {
        return group != null;
    }

    public Hook deliveredUpTo(long position) {
        return new Hook(name, path, group, url, Math.max(delivered, position), emptied);
    }

    public Hook emptiedAt(long counter) {
        return new Hook(name, path, group, url, delivered, Math.max(emptied, counter));
    }

    /** Whether {@code other} is this hook registered again, notifying the same place about the same thing. */
    public boolean sameTarget(Hook other) {
        return other != null && name.equals(other.name) && Objects.equals(path, other.path)
                && Objects.equals(group, other.group) && url.equals(other.url);
    }
}
