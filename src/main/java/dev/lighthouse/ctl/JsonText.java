package dev.lighthouse.ctl;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON values as text, converted token by token with Jackson's streaming API: numbers are
 * copied as written (never through a double), member order is kept, and nothing heavier
 * than jackson-core is loaded. Stateless and thread-safe.
 */
final class JsonText {

    /**
     * Generous limits: the server enforces its own (duplicate keys included, so a value the user
     * gives with duplicates still counts as JSON and the server's refusal says why).
     */
    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(10_000).maxStringLength(Integer.MAX_VALUE).maxNumberLength(100_000).build())
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(10_000).build())
            .build();

    private JsonText() {
    }

    static JsonFactory factory() {
        return FACTORY;
    }

    /**
     * Why {@code text} is not exactly one JSON value (surrounding whitespace allowed), or null
     * when it is one.
     */
    static String problem(byte[] text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() == null) {
                return "no JSON value";
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                return "unexpected content after the JSON value at line " + parser.currentLocation().getLineNr()
                        + ", column " + parser.currentLocation().getColumnNr();
            }
            return null;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            return e.getOriginalMessage().lines().findFirst().orElse("invalid JSON") + where;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the text is the JSON value {@code {}}: an empty document. */
    static boolean isEmptyObject(byte[] json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return parser.nextToken() == JsonToken.START_OBJECT && parser.nextToken() == JsonToken.END_OBJECT;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean isJson(byte[] text) {
        return problem(text) == null;
    }

    /** {@code value} as a JSON string literal. */
    static byte[] quote(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length() + 16);
        try (JsonGenerator generator = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            generator.writeString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An object of the named JSON values ({@code name, json, name, json...}), compact, values copied as written. */
    static byte[] object(Object... namesAndValues) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            generator.writeStartObject();
            for (int i = 0; i < namesAndValues.length; i += 2) {
                generator.writeFieldName((String) namesAndValues[i]);
                try (JsonParser parser = FACTORY.createParser((byte[]) namesAndValues[i + 1])) {
                    parser.nextToken();
                    copy(parser, generator);
                }
            }
            generator.writeEndObject();
        } catch (JsonProcessingException e) {
            throw CtlFailure.failed("the server sent invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Compact JSON (one line, no trailing newline) of one JSON value. */
    static String compact(byte[] json) {
        return new String(rewrite(json, false), StandardCharsets.UTF_8);
    }

    /** Indented JSON of one JSON value, with a trailing newline, for files people read and edit. */
    static byte[] pretty(byte[] json) {
        byte[] body = rewrite(json, true);
        byte[] withNewline = Arrays.copyOf(body, body.length + 1);
        withNewline[body.length] = '\n';
        return withNewline;
    }

    private static byte[] rewrite(byte[] json, boolean indent) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + 64);
        try (JsonParser parser = FACTORY.createParser(json);
             JsonGenerator generator = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            if (indent) {
                generator.setPrettyPrinter(prettyPrinter());
            }
            if (parser.nextToken() == null) {
                throw CtlFailure.failed("the server sent an empty value");
            }
            copy(parser, generator);
        } catch (JsonProcessingException e) {
            throw CtlFailure.failed("the server sent invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Two-space indentation, {@code "key": value}, arrays one element a line, empty containers as {} and []. */
    private static DefaultPrettyPrinter prettyPrinter() {
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        return new DefaultPrettyPrinter(separators)
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    }

    /** Copies the value whose first token the parser is on, numbers as their literal text. */
    static void copy(JsonParser parser, JsonGenerator generator) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                generator.writeStartObject();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    generator.writeFieldName(parser.currentName());
                    parser.nextToken();
                    copy(parser, generator);
                }
                generator.writeEndObject();
            }
            case START_ARRAY -> {
                generator.writeStartArray();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    copy(parser, generator);
                }
                generator.writeEndArray();
            }
            case VALUE_STRING -> generator.writeString(parser.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> generator.writeNumber(parser.getText());
            case VALUE_TRUE -> generator.writeBoolean(true);
            case VALUE_FALSE -> generator.writeBoolean(false);
            case VALUE_NULL -> generator.writeNull();
            default -> throw CtlFailure.failed("unexpected " + token + " in JSON from the server");
        }
    }
}
