package dev.lighthouse.client;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A successful reply of the low-level {@link LighthouseClient#call}: status, headers and the
 * whole body, unparsed (JSON text exactly as the server sent it). Header names are matched
 * without regard to case, as HTTP has them.
 */
public record Reply(int status, Map<String, List<String>> headers, byte[] body) {

    public Reply {
        Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> {
            if (name != null) { // HttpURLConnection lists the status line under a null name
                byName.put(name, List.copyOf(values));
            }
        });
        headers = java.util.Collections.unmodifiableMap(byName);
    }

    /** {@code X-Lighthouse-Seq}: the document's version the reply comes from, or -1 when it has none. */
    public long seq() {
        String seq = header("X-Lighthouse-Seq");
        try {
            return seq == null ? -1 : Long.parseLong(seq.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
