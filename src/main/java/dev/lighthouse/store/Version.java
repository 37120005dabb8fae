package dev.lighthouse.store;

import dev.lighthouse.tree.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * One committed, immutable version of the document.
 *
 * @param seq       counts commits; 0 is the empty store
 * @param lock      the lock name that committed it ({@code patch} for one-request edits), null for version 0
 * @param by        the access token (principal) name that committed it; null without access control
 * @param changed   JSON Pointers of the values that differ from the previous version
 * @param index     position in the Raft log of the command that made it; 0 when it was made before the log
 */
public record Version(long seq, ObjectNode root, Instant timestamp, String lock, String by, List<String> changed,
                      long index) {

    public Version {
        changed = List.copyOf(changed);
    }

    public static Version empty() {
        return new Version(0, ObjectNode.EMPTY, Instant.EPOCH, null, null, List.of(), 0);
    }

    /** {@code sha256:<hex>} of the root's Merkle digest. */
    public String checksum() {
        return root.digest().checksum();
    }
}
