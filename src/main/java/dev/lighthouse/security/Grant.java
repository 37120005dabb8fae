package dev.lighthouse.security;

import dev.lighthouse.tree.JsonPath;

/**
 * Read and/or write on everything at or below {@code prefix}. Prefixes match whole segments:
 * {@code /app} covers {@code /app/x}, never {@code /application}.
 */
public record Grant(JsonPath prefix, boolean read, boolean write) {

    boolean covers(JsonPath path) {
        return prefix.isPrefixOf(path);
    }

    /** {@code /app} style, as in the conf file and the problem details. */
    String prefixText() {
        return prefix.isRoot() ? "/" : prefix.pointer();
    }
}
