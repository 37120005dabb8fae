package dev.lighthouse.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ValueFormatTest {

    private static String render(ValueFormat format, String json) {
        return new String(format.render(json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void jsonIsCompactWithNumbersAsWritten() {
        assertEquals("{\"a\":[1.50,1e400,-0],\"b\":\"x\\ny\"}\n",
                render(ValueFormat.JSON, "{ \"a\" : [ 1.50, 1e400, -0 ], \"b\": \"x\\ny\" }"));
    }

    @Test
    void rawUnquotesStringsAndSplitsArrays() {
        assertEquals("x\ny\n", render(ValueFormat.RAW, "\"x\\ny\""));
        assertEquals("ends\n", render(ValueFormat.RAW, "\"ends\\n\""));
        assertEquals("\n", render(ValueFormat.RAW, "\"\""));
        assertEquals("a\n2.0\n{\"k\":[null]}\ntrue\n", render(ValueFormat.RAW, "[\"a\",2.0,{\"k\":[null]},true]"));
        assertEquals("", render(ValueFormat.RAW, "[]"));
        assertEquals("{\"k\":\"v\"}\n", render(ValueFormat.RAW, "{\"k\":\"v\"}"));
        assertEquals("null\n", render(ValueFormat.RAW, "null"));
    }

    @Test
    void prettyIndentsTwoSpacesWithEmptyContainersKeptShort() {
        assertEquals("{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": []\n}\n",
                render(ValueFormat.PRETTY, "{\"a\":[1,{}],\"b\":[]}"));
    }

    @Test
    void aFileHoldsAStringExactlyAndAnythingElseAsIndentedJson() {
        assertEquals("[main]\nx=1", new String(ValueFormat.fileContent(bytes("\"[main]\\nx=1\"")), StandardCharsets.UTF_8));
        assertEquals("[\n  1\n]\n", new String(ValueFormat.fileContent(bytes("[1]")), StandardCharsets.UTF_8));
    }

    @Test
    void setTakesJsonWhenItParsesAndAStringOtherwise() {
        assertEquals("8080", new String(SetCommand.toJson(bytes("8080")), StandardCharsets.UTF_8));
        assertEquals(" {\"a\":1}\n", new String(SetCommand.toJson(bytes(" {\"a\":1}\n")), StandardCharsets.UTF_8));
        assertEquals("\"007\"", new String(SetCommand.toJson(bytes("007")), StandardCharsets.UTF_8));
        assertEquals("\"[1,2\"", new String(SetCommand.toJson(bytes("[1,2")), StandardCharsets.UTF_8));
        assertEquals("\"1 2\"", new String(SetCommand.toJson(bytes("1 2")), StandardCharsets.UTF_8));
        assertEquals("\"say \\\"hi\\\"\\n\"", new String(SetCommand.toJson(bytes("say \"hi\"\n")), StandardCharsets.UTF_8));
        assertEquals("\"\"", new String(SetCommand.toJson(bytes("")), StandardCharsets.UTF_8));
        assertTrue(JsonText.isJson(bytes("{\"a\":1,\"a\":2}")), "duplicates are the server's to refuse");
        assertFalse(JsonText.isJson(bytes("{\"a\":1} x")));
    }
}
