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
     * For the plain-Jetty handlers: the raw path below {@code prefix} (empty for the prefix itself
     * and for the prefix with a trailing slash), or null when the path is not under it
     * ({@code /datax} is not under {@code /data}).
     */
    static String under(String path, String prefix) {
        if (!path.startsWith(prefix) || (path.length() > prefix.length() && path.charAt(prefix.length()) != '/')) {
            return null;
        }
        return path.length() <= prefix.length() + 1 ? "" : path.substring(prefix.length() + 1);
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
