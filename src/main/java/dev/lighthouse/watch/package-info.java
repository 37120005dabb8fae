/**
 * Telling waiters that a value or a group changed: long polls, server-sent event
 * streams, joins waiting to hold.
 *
 * <p>The applier publishes each new state to {@link dev.lighthouse.apply.StateView};
 * {@link Watches} (paths) and {@link GroupWatches} (groups) each hand it to their
 * {@link Notifier}, the one fan-out engine both share, so a commit never waits for a
 * watcher. Its thread matches the state against the kind's index under the lock
 * subscribing takes: for paths the {@link WatchIndex} (a trie of watched paths)
 * narrows the candidates to the paths above, at or below the version's
 * {@code changed} pointers, and a subtree-digest comparison between the previous and
 * the new version decides which of them really changed; the document is never
 * rescanned. The waiters concerned are then told, many of them in parallel
 * ({@link Tellers}), each state only after the one before.
 */
package dev.lighthouse.watch;
