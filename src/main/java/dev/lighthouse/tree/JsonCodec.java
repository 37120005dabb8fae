package dev.lighthouse.tree;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import dev.lighthouse.error.InvalidInput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes {@link Node} trees as JSON with Jackson's streaming API.
 * Parsing is strict: duplicate keys, invalid UTF-8, unpaired surrogates,
 * trailing content and anything past the {@link JsonLimits} are rejected as
 * {@link InvalidInput}, so no such value ever reaches the store.
 */
public final class JsonCodec {

    private static final JsonFactory WRITER = new JsonFactoryBuilder()
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(JsonLimits.STORAGE.maxDepth()).build())
            .build();

    private final JsonFactory factory;

    public JsonCodec(JsonLimits limits) {
        this(limits, true);
    }

    /**
     * @param rejectDuplicateKeys false only for data.d, our own checksummed files: tracking every
     *                            key costs a sixth of the load time, and a duplicate smuggled into
     *                            a file would change its digest and fail verification anyway
     */
    public JsonCodec(JsonLimits limits, boolean rejectDuplicateKeys) {
        JsonFactoryBuilder builder = new JsonFactoryBuilder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth())
                        .maxStringLength(limits.maxStringLength())
                        .maxNameLength(limits.maxStringLength())
                        .maxNumberLength(10_000)
                        .maxDocumentLength(-1)
                        .build())
                .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(limits.maxDepth()).build())
                .configure(StreamReadFeature.STRICT_DUPLICATE_DETECTION, rejectDuplicateKeys)
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE);
        this.factory = builder.build();
    }

    public JsonFactory factory() {
        return factory;
    }

    /**
     * Parses exactly one JSON value from the stream, which must be UTF-8 (RFC 8259 section 8.1).
     * The bytes are decoded strictly before Jackson sees them: Jackson's own byte decoding
     * lets overlong forms and encoded surrogates through, and it guesses UTF-16 and UTF-32.
     */
    public Node parse(InputStream in) {
        try (JsonParser parser = factory.createParser(strictUtf8(in))) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new InvalidInput("the body is empty; a JSON value is required");
            }
            Node value = readValue(parser);
            if (parser.nextToken() != null) {
                throw new InvalidInput("unexpected content after the JSON value at " + where(parser));
            }
            return value;
        } catch (CharacterCodingException e) {
            throw new InvalidInput("the body is not valid UTF-8");
        } catch (JsonProcessingException e) {
            throw invalid(e);
        } catch (IOException e) {
            throw new InvalidInput("could not read the body: " + e.getMessage());
        }
    }

    /** A reader that fails on any malformed UTF-8 and skips one leading byte order mark, which RFC 8259 lets parsers ignore. */
    private static Reader strictUtf8(InputStream in) throws IOException {
        PushbackReader reader = new PushbackReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)), 1);
        int first = reader.read();
        if (first >= 0 && first != '\uFEFF') {
            reader.unread(first);
        }
        return reader;
    }

    public Node parse(byte[] json) {
        return parse(new ByteArrayInputStream(json));
    }

    public Node parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the value whose first token the parser is on, leaving it on the value's last token. */
    public static Node readValue(JsonParser parser) throws IOException {
        return readValue(parser, 0, new BuildersByDepth());
    }

    private static Node readValue(JsonParser parser, int depth, BuildersByDepth scratch) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                ObjectNode.Builder builder = scratch.object(depth);
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = checkedText(parser, parser.currentName());
                    parser.nextToken();
                    builder.put(key, readValue(parser, depth + 1, scratch));
                }
                return builder.buildAndReset();
            }
            case START_ARRAY: {
                ArrayNode.Builder builder = scratch.array(depth);
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    builder.add(readValue(parser, depth + 1, scratch));
                }
                return builder.buildAndReset();
            }
            case VALUE_STRING:
                return StringNode.of(checkedText(parser, parser.getText()));
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return NumberNode.ofLiteral(parser.getText());
            case VALUE_TRUE:
                return BooleanNode.TRUE;
            case VALUE_FALSE:
                return BooleanNode.FALSE;
            case VALUE_NULL:
                return NullNode.INSTANCE;
            default:
                throw new InvalidInput("unexpected " + token + " at " + where(parser));
        }
    }

    /** Writes compact JSON. */
    public static void write(Node node, OutputStream out) throws IOException {
        try (JsonGenerator generator = WRITER.createGenerator(out, JsonEncoding.UTF8)) {
            write(node, generator);
        }
    }

    public static void write(Node node, JsonGenerator generator) throws IOException {
        if (node instanceof ObjectNode object) {
            generator.writeStartObject();
            for (int i = 0; i < object.size(); i++) {
                generator.writeFieldName(object.key(i));
                write(object.value(i), generator);
            }
            generator.writeEndObject();
        } else if (node instanceof ArrayNode array) {
            generator.writeStartArray();
            for (int i = 0; i < array.size(); i++) {
                write(array.get(i), generator);
            }
            generator.writeEndArray();
        } else if (node instanceof StringNode string) {
            generator.writeString(string.value());
        } else if (node instanceof NumberNode number) {
            generator.writeNumber(number.text());
        } else if (node instanceof BooleanNode bool) {
            generator.writeBoolean(bool.value());
        } else {
            generator.writeNull();
        }
    }

    private static String checkedText(JsonParser parser, String text) {
        if (Surrogates.anyLone(text)) {
            throw new InvalidInput("unpaired UTF-16 surrogate in a string at " + where(parser));
        }
        return text;
    }

    private static InvalidInput invalid(JsonProcessingException e) {
        // Jackson names the Java method behind a limit ("from `StreamReadConstraints.getMaxNestingDepth()`"): users see the numbers only
        String message = e.getOriginalMessage().replaceAll(", from `[^`]*`\\)", ")");
        if (e.getLocation() != null) {
            message += " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        }
        return new InvalidInput("invalid JSON: " + message);
    }

    private static String where(JsonParser parser) {
        return "line " + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr();
    }
}
