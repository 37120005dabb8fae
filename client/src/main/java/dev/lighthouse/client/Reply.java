package dev.lighthouse.client;

import java.net.http.HttpHeaders;

/** A successful reply: status, headers and the whole body. */
record Reply(int status, HttpHeaders headers, byte[] body) {

    /** {@code X-Lighthouse-Seq}, or -1 when the reply has none. */
    long seq() {
        return headers.firstValueAsLong("X-Lighthouse-Seq").orElse(-1);
    }

    String header(String name) {
        return headers.firstValue(name).orElse(null);
    }
}
