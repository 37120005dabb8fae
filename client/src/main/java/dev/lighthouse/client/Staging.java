package dev.lighthouse.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The edits of one lock-edit-commit update ({@link LighthouseClient#update}): each is staged
 * on the server under the lock and renews its lease; none is visible to readers until the
 * commit, and all of them are dropped if the update is aborted.
 */
public interface Staging {

    /** Sets the value at the path; missing parent objects are created. */
    void set(String path, Object value);

    /** Appends to the array at the path. */
    void append(String path, Object value);

    /** Removes the path (a {@link NotFoundException} if it is absent). */
    void delete(String path);

    /** An RFC 7396 merge patch at the path. */
    void mergePatch(String path, Object patch);

    /** The staged document (or a value in it) as it would be committed now. */
    JsonNode staged(String path);

    /** The version the update started from. */
    long base();
}
