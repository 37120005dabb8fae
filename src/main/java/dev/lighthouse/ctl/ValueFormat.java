package dev.lighthouse.ctl;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** How {@code get}, {@code watch} and {@code sync} turn a JSON value into output bytes. */
enum ValueFormat {

    /** Compact JSON on one line. */
    JSON,
    /** Indented JSON. */
    PRETTY,
    /**
     * For shell use: a string as its text, an array one element a line (strings as their
     * text, anything else as compact JSON), anything else as compact JSON. A string that
     * already ends with a newline gets no second one.
     */
    RAW;

    /** The output for one value, ending with a newline. */
    byte[] render(byte[] json) {
        return switch (this) {
            case JSON -> line(JsonText.compact(json));
            case PRETTY -> JsonText.pretty(json);
            case RAW -> raw(json);
        };
    }

    /**
     * What {@code sync} writes to its file: a string exactly as stored (no newline added),
     * anything else as indented JSON.
     */
    static byte[] fileContent(byte[] json) {
        try (JsonParser parser = JsonText.factory().createParser(json)) {
            if (parser.nextToken() == JsonToken.VALUE_STRING) {
                return parser.getText().getBytes(StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw invalid(e);
        }
        return JsonText.pretty(json);
    }

    private static byte[] raw(byte[] json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + 16);
        try (JsonParser parser = JsonText.factory().createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY) {
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    item(parser, out);
                }
            } else if (first != null) {
                item(parser, out);
            }
        } catch (IOException e) {
            throw invalid(e);
        }
        return out.toByteArray();
    }

    private static void item(JsonParser parser, ByteArrayOutputStream out) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            String text = parser.getText();
            out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            if (!text.endsWith("\n")) {
                out.write('\n');
            }
            return;
        }
        try (JsonGenerator generator = JsonText.factory().createGenerator(out, JsonEncoding.UTF8)) {
            JsonText.copy(parser, generator);
        }
        out.write('\n');
    }

    private static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static RuntimeException invalid(IOException e) {
        if (e instanceof JsonProcessingException json) {
            return CtlFailure.failed("the server sent invalid JSON: " + json.getOriginalMessage());
        }
        return new UncheckedIOException(e);
    }
}
