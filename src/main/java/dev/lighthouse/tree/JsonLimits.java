package dev.lighthouse.tree;

/**
 * Bounds on what the parser accepts from a client.
 *
 * @param maxDepth        deepest nesting of arrays and objects
 * @param maxStringLength longest string or key, in characters
 */
public record JsonLimits(int maxDepth, int maxStringLength) {

    public static final JsonLimits DEFAULT = new JsonLimits(1000, 16 * 1024 * 1024);

    /** For data.d: written by us under client limits that may since have been lowered. */
    public static final JsonLimits STORAGE = new JsonLimits(100_000, Integer.MAX_VALUE);

    public JsonLimits {
        if (maxDepth < 1 || maxStringLength < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
