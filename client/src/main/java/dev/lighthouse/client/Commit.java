package dev.lighthouse.client;

import java.time.Instant;
import java.util.List;

/**
 * A new version made by a write.
 *
 * @param changed the JSON Pointers of what changed
 */
public record Commit(long seq, String checksum, Instant timestamp, List<String> changed) {
}
