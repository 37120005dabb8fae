package dev.lighthouse.ctl;

import java.util.List;
import java.util.Map;

/** A server's answer: status, headers (looked up by name, any case) and the whole body. */
record Reply(int status, Map<String, List<String>> headers, byte[] body) {

    /** The first value of a header, or null. */
    String header(String name) {
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return entry.getValue().get(0);
            }
        }
        return null;
    }
}
