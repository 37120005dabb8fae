package dev.lighthouse.watch;

import dev.lighthouse.store.Version;
import dev.lighthouse.tree.Node;

/**
 * The value at a watched path as of one version.
 *
 * @param value  null when nothing is at the path
 * @param resync the watcher asked from a version older than the retained history, so
 *               this is the current value rather than the change it missed
 */
public record Change(Version version, Node value, boolean resync) {
}
