/**
 * Telling waiters that a value changed: long polls, server-sent event
 * streams and, through the same index, anything else that follows a path.
 *
 * <p>The applier publishes each new version to {@link dev.lighthouse.apply.StateView};
 * {@link Watches} hands it to its own single notifier thread, so a commit
 * never waits for a watcher. There the {@link WatchIndex} (a trie of watched
 * paths) narrows the candidates to the paths above, at or below the version's
 * {@code changed} pointers, and a subtree-digest comparison between the
 * previous and the new version decides which of them really changed. The
 * document is never rescanned.
 */
package dev.lighthouse.watch;
