package dev.lighthouse.http;

import jakarta.ws.rs.core.UriInfo;

/**
 * The still-encoded request path, so {@code %2F} inside a key survives until
 * {@link dev.lighthouse.tree.JsonPath#fromUrl} decodes each segment on its own.
 */
final class RawPaths {

    private RawPaths() {
    }

    /** @return the raw path after {@code prefix} and its slash; empty for the prefix itself */
    static String after(UriInfo uri, String prefix) {
        String path = uri.getRequestUri().getRawPath();
        if (path.length() <= prefix.length() + 1) {
            return "";
        }
        return path.substring(prefix.length() + 1);
    }
}
