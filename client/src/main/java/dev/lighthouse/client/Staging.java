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

    /**
     * Sets the value at the path to JSON text sent as it is, numbers as written (for tools
     * that pass a value on unchanged); the server refuses text that is not one JSON value.
     */
    void setJson(String path, byte[] json);

    /** Appends to the array at the path. */
    void append(String path, Object value);

    /** Removes the path (a {@link NotFoundException} if it is absent). */
    void delete(String path);

    /** An RFC 7396 merge patch at the path. */
    void mergePatch(String path, Object patch);

    /** The staged document (or a value in it) as it would be committed now. */
    JsonNode staged(String path);

    /** The staged value as the server's JSON text, numbers as written. */
    byte[] stagedJson(String path);

    /** The version the update started from (-1 when not known to this staging). */
    long base();
}
