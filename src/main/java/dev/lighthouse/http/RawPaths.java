package dev.lighthouse.http;

import jakarta.ws.rs.core.UriInfo;

/**
 * The still-encoded request path, so {@code %2F} inside a key survives until
 * {@link dev.lighthouse.tree.JsonPath#fromUrl} decodes each segment on its own.
 */
final class RawPaths {

    private RawPaths() {
    }

    /**
     * The raw path after the segments of {@code prefix} and the slash that follows them; empty
     * for the prefix itself. Segments are counted rather than characters: Jersey matched the
     * prefix on the decoded path, so its raw spelling may be longer ({@code /versions/%31/data}).
     */
    static String after(UriInfo uri, String prefix) {
        String path = uri.getRequestUri().getRawPath();
        int segments = (int) prefix.chars().filter(c -> c == '/').count();
        int slash = 0;
        for (int i = 0; i < segments; i++) {
            slash = path.indexOf('/', slash + 1);
            if (slash < 0) {
                return "";
            }
        }
        return path.substring(slash + 1);
    }
}
