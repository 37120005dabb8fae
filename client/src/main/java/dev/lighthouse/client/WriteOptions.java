package dev.lighthouse.client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Conditions on a write: {@link #ifMatch} (only if the document is still at that version,
 * else 412) and {@link #fence} (only if that group member still holds with that token when
 * the write applies, else 412). Immutable; combine with {@link #and}.
 */
public final class WriteOptions {

    public static final WriteOptions NONE = new WriteOptions(Map.of());

    private final Map<String, String> headers;

    private WriteOptions(Map<String, String> headers) {
        this.headers = Map.copyOf(headers);
    }

    /** Applies only while the document's version is {@code seq}. */
    public static WriteOptions ifMatch(long seq) {
        return new WriteOptions(Map.of("If-Match", "\"" + seq + "\""));
    }

    /** Applies only while the member holds with its token: a fenced write ({@link Membership#fence()}). */
    public static WriteOptions fence(String fence) {
        return new WriteOptions(Map.of("Lighthouse-Fence", fence));
    }

    public WriteOptions and(WriteOptions other) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(other.headers);
        return new WriteOptions(all);
    }

    Map<String, String> headers() {
        return headers;
    }
}
