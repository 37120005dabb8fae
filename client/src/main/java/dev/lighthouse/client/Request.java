package dev.lighthouse.client;

import java.net.URI;
import java.util.Map;

/**
 * One HTTP request before it is sent to a member.
 *
 * @param path       the URL path and query, already encoded, starting with {@code /}
 * @param idempotent true when sending it twice does no harm, so a lost connection may be retried elsewhere
 */
record Request(String method, String path, Map<String, String> headers, byte[] body, String contentType,
               boolean idempotent) {

    static Request get(String path) {
        return new Request("GET", path, Map.of(), null, null, true);
    }

    static Request write(String method, String path, byte[] body, String contentType, Map<String, String> headers) {
        return new Request(method, path, headers, body, contentType, false);
    }

    Request withHeaders(Map<String, String> more) {
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.putAll(more);
        return new Request(method, path, Map.copyOf(all), body, contentType, idempotent);
    }

    /** Method and URL; the path is appended as it is, never resolved, so {@code .} and {@code ..} reach the server. */
    String describe(URI base) {
        return method + " " + URI.create(base + path);
    }
}
