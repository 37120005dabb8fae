package dev.lighthouse.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoredJsonReaderTest {

    private final JsonCodec strict = new JsonCodec(JsonLimits.STORAGE, false);

    private static Node read(String json) {
        return StoredJsonReader.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private void assertReadsAsTheStrictParserDoes(String json) {
        Node expected = strict.parse(json);
        Node actual = read(json);
        assertEquals(expected.toJson(), actual.toJson());
        assertEquals(expected.digest(), actual.digest());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{}", "[]", "{\"a\":1}", " { \"a\" : [ 1 , 2 ] ,\n\t\"b\" : { } } \n",
        "{\"n\":[0,-0,12,-12.5,1e9,1E+9,2.5e-3,-0.0,123456789012345678901234567890]}",
        "{\"t\":true,\"f\":false,\"z\":null,\"e\":\"\",\"nested\":[[[{\"deep\":[{}]}]]]}",
        "{\"esc\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u0041\\u00e9\\u4e2d\\ud83d\\ude00\"}",
        "{\"caf\u00e9\":\"\u4e2d\u6587 \ud83d\ude00\",\"mixed\":\"x\u00e9\\ny\"}",
        "{\"same\":\"prod\",\"again\":\"prod\",\"prod\":\"prod\",\"num\":[8080,8080,\"8080\"]}"
    })
    void readsWhatTheStrictParserReads(String json) {
        assertReadsAsTheStrictParserDoes(json);
    }

    @Test
    void readsRandomDocumentsWrittenByTheCodecExactly() throws IOException {
        RandomDocuments random = new RandomDocuments(42);
        for (int i = 0; i < 200; i++) {
            ObjectNode document = random.document(5);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            JsonCodec.write(document, out);
            Node read = StoredJsonReader.parse(out.toByteArray());
            assertEquals(document.digest(), read.digest(), out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void longStringsAreNotSharedButReadWhole() {
        String key = "k".repeat(100);
        ObjectNode read = (ObjectNode) read("{\"" + key + "\":\"" + key + "\"}");
        assertEquals(key, read.key(0));
        assertEquals(key, ((StringNode) read.value(0)).value());
    }

    @Test
    void repeatedShortValuesBecomeOneSharedNode() {
        ArrayNode read = (ArrayNode) read("[\"prod\",\"prod\",8080,8080,\"8080\"]");
        assertSame(read.get(0), read.get(1));
        assertSame(read.get(2), read.get(3));
        assertEquals("string", read.get(4).typeName());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "{", "{\"a\":1", "{\"a\" 1}", "{\"a\":1,}", "[1,]", "[1 2]", "{a:1}", "{\"a\":01}", "{\"a\":1.}",
        "{\"a\":-}", "{\"a\":1e}", "{\"a\":tru}", "{\"a\":nul}", "{\"a\":\"x}", "{\"a\":\"\\x\"}",
        "{\"a\":\"\\u12\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00\\ud800\"}", "{\"a\":\"tab\there\"}",
        "{} {}", "{}x", "'a'", "+1"
    })
    void refusesWhatIsNotJson(String json) {
        assertThrows(StoredJsonReader.Refused.class, () -> read(json));
    }

    @Test
    void refusesInvalidUtf8() {
        byte[] overlong = {'[', '"', (byte) 0xC0, (byte) 0xAF, '"', ']'};
        byte[] truncated = {'[', '"', (byte) 0xE4, (byte) 0xB8, '"', ']'};
        assertThrows(StoredJsonReader.Refused.class, () -> StoredJsonReader.parse(overlong));
        assertThrows(StoredJsonReader.Refused.class, () -> StoredJsonReader.parse(truncated));
    }

    @Test
    void leavesVeryDeepDocumentsToTheStrictParser() {
        String deep = "[".repeat(1001) + "]".repeat(1001);
        assertThrows(StoredJsonReader.Refused.class, () -> read(deep));
        assertEquals(strict.parse("[".repeat(999) + "]".repeat(999)).digest(),
                read("[".repeat(999) + "]".repeat(999)).digest());
    }
}
