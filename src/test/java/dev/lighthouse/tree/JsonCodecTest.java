package dev.lighthouse.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lighthouse.error.InvalidInput;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonCodecTest {

    private final JsonCodec codec = new JsonCodec(new JsonLimits(5, 10));

    @Test
    void numbersAndStringsRoundTripExactlyAsWritten() {
        JsonCodec lenient = new JsonCodec(JsonLimits.DEFAULT);
        String json = "{\"big\":123456789012345678901234567890,\"f\":1.10,\"e\":1E+3,\"s\":\"\\u00fc\\n\\\"\"}";
        assertEquals("{\"big\":123456789012345678901234567890,\"f\":1.10,\"e\":1E+3,\"s\":\"ü\\n\\\"\"}",
                lenient.parse(json).toJson());
    }

    @Test
    void strictParsingRejectsWhatCouldNotBeStoredFaithfully() {
        assertThrows(InvalidInput.class, () -> codec.parse("{\"a\":1,\"a\":2}"), "duplicate keys");
        assertThrows(InvalidInput.class, () -> codec.parse("[[[[[[1]]]]]]"), "too deep");
        assertThrows(InvalidInput.class, () -> codec.parse("\"01234567890\""), "string too long");
        assertThrows(InvalidInput.class, () -> codec.parse("{} {}"), "trailing content");
        assertThrows(InvalidInput.class, () -> codec.parse(""), "empty");
        assertThrows(InvalidInput.class, () -> codec.parse("{\"a\":}"), "malformed");
        assertThrows(InvalidInput.class, () -> codec.parse("\"\\ud800\""), "unpaired surrogate");
        byte[] invalidUtf8 = "\"a?\"".getBytes(StandardCharsets.UTF_8);
        invalidUtf8[2] = (byte) 0xC3;
        assertThrows(InvalidInput.class, () -> codec.parse(invalidUtf8), "invalid UTF-8");
    }
}
