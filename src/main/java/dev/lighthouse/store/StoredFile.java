package dev.lighthouse.store;

import java.nio.file.Path;

/** A version file on disk and whether it holds the whole document (an anchor for recovery). */
record StoredFile(long seq, Path path, boolean full) {
}
