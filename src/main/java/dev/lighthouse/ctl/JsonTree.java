package dev.lighthouse.ctl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's small replies (lock state, commit, versions, cluster, problems) read into
 * plain maps and lists: objects are {@code Map<String, Object>} in member order, arrays
 * {@code List<Object>}, numbers {@code Long} when integral and in range, otherwise
 * {@code BigDecimal}. Values users stored go through {@link JsonText} instead.
 */
final class JsonTree {

    private JsonTree() {
    }

    static Object read(byte[] json) {
        try (JsonParser parser = JsonText.factory().createParser(json)) {
            if (parser.nextToken() == null) {
                throw CtlFailure.failed("the server sent an empty reply where JSON was expected");
            }
            return value(parser);
        } catch (JsonProcessingException e) {
            throw CtlFailure.failed("the server sent invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reply as an object; a failure naming {@code what} if it is something else. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(byte[] json, String what) {
        Object value = read(json);
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw CtlFailure.failed("the server's " + what + " is not a JSON object");
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(byte[] json, String what) {
        Object value = read(json);
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw CtlFailure.failed("the server's " + what + " is not a JSON array");
    }

    /** The member as text: strings as they are, numbers and booleans printed, null and missing as null. */
    static String text(Map<String, Object> object, String key) {
        Object value = object.get(key);
        return value == null ? null : value instanceof BigDecimal d ? d.toPlainString() : value.toString();
    }

    /** The member as a long, or {@code fallback} when missing, null or not an integer. */
    static long number(Map<String, Object> object, String key, long fallback) {
        return object.get(key) instanceof Long n ? n : fallback;
    }

    private static Object value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    parser.nextToken();
                    map.put(key, value(parser));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(parser));
                }
                return list;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? new BigDecimal(parser.getText()) : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return new BigDecimal(parser.getText());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw CtlFailure.failed("unexpected " + token + " in JSON from the server");
        }
    }
}
