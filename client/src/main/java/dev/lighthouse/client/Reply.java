package dev.lighthouse.client;

import java.net.http.HttpHeaders;

/**
 * A successful reply of the low-level {@link LighthouseClient#call}: status, headers and the
 * whole body, unparsed (JSON text exactly as the server sent it).
 */
public record Reply(int status, HttpHeaders headers, byte[] body) {

    /** {@code X-Lighthouse-Seq}: the document's version the reply comes from, or -1 when it has none. */
    public long seq() {
        return headers.firstValueAsLong("X-Lighthouse-Seq").orElse(-1);
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }
}
