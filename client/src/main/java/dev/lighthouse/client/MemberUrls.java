package dev.lighthouse.client;

import java.net.URI;
import java.net.URISyntaxException;

/** A member's base URL as a user writes it: {@code http://host:port}, {@code https://...}, or {@code host:port}. */
final class MemberUrls {

    private MemberUrls() {
    }

    static URI parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("an empty member URL; give one such as http://127.0.0.1:8001");
        }
        String text = url.strip();
        if (!text.contains("://")) {
            text = "http://" + text;
        }
        URI uri;
        try {
            uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        } catch (URISyntaxException e) {
            throw bad(url);
        }
        boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
        if (!web || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
            throw bad(url);
        }
        return uri;
    }

    private static IllegalArgumentException bad(String url) {
        return new IllegalArgumentException("'" + url + "' is not a member URL; give one such as http://127.0.0.1:8001");
    }
}
