package dev.lighthouse.client;

import java.time.Instant;

/** The document's current version: seq, checksum, and when it was committed (null for version 0). */
public record Version(long seq, String checksum, Instant timestamp) {
}
