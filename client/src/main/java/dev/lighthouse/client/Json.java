package dev.lighthouse.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Jackson as the client uses it; binding failures become a {@link LighthouseException}. */
final class Json {

    /** The server refuses deeper documents than 1,000 levels by default; reading never fails before it does. */
    private static final int MAX_DEPTH = 4_000;

    private Json() {
    }

    static ObjectMapper mapper() {
        ObjectMapper json = new ObjectMapper();
        json.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                .maxStringLength(Integer.MAX_VALUE).build());
        json.findAndRegisterModules();
        return json;
    }

    static JsonNode read(ObjectMapper json, byte[] body, String what) {
        try {
            return body.length == 0 ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new LighthouseException(what + " is not JSON: " + e.getOriginalMessage()
                    .replaceAll(", from `[^`]*`\\)", ")"), 0, "bad-reply", null,
                    LighthouseException.Outcome.NONE, e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // reading a byte array does no I/O
        }
    }

    static <T> T bind(ObjectMapper json, JsonNode value, Class<T> type) {
        if (value == null || type == JsonNode.class) {
            return type.cast(value);
        }
        try {
            return json.treeToValue(value, type);
        } catch (JsonProcessingException e) {
            throw new LighthouseException("the value does not fit " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), 0, "bad-value", null, LighthouseException.Outcome.NONE, e);
        }
    }

    static byte[] write(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
