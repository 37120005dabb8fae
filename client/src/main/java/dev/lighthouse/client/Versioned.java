package dev.lighthouse.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A value read from the document with the version it came from.
 *
 * @param value    the value at the path (a {@link JsonNode}, or bound to a type by {@link #as})
 * @param seq      the document's version when it was read ({@code X-Lighthouse-Seq})
 * @param checksum the document's checksum at that version
 * @param etag     the reply's entity tag, for {@link LighthouseClient#getIfChanged}
 */
public record Versioned<T>(T value, long seq, String checksum, String etag) {

    /** The same read bound to a type with Jackson (a record, a POJO, a {@code Map}...). */
    public <U> Versioned<U> as(Class<U> type, ObjectMapper json) {
        return new Versioned<>(Json.bind(json, (JsonNode) value, type), seq, checksum, etag);
    }
}
