package dev.lighthouse.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lighthouse.error.InvalidInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonPathTest {

    @Test
    void urlSegmentsArePercentDecodedOneByOne() {
        JsonPath path = JsonPath.fromUrl("providers/a%2Fb/%C3%BC/0");
        assertEquals(4, path.size());
        assertEquals("a/b", path.segment(1));
        assertEquals("ü", path.segment(2));
        assertEquals("/providers/a~1b/ü/0", path.pointer());
        assertEquals(JsonPath.ROOT, JsonPath.fromUrl(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a//b", "a/", "/a", ".", "a/..", "a/./b", "a%00b", "%2E%2E", "a%2", "a%zz", "%C3%28"})
    void badUrlPathsAreRejectedNotNormalised(String raw) {
        assertThrows(InvalidInput.class, () -> JsonPath.fromUrl(raw));
    }

    @Test
    void pointersRoundTripWithEscapes() {
        JsonPath path = JsonPath.fromPointer("/a~1b/~0c/");
        assertEquals("a/b", path.segment(0));
        assertEquals("~c", path.segment(1));
        assertEquals("", path.segment(2));
        assertEquals("/a~1b/~0c/", path.pointer());
        assertThrows(InvalidInput.class, () -> JsonPath.fromPointer("a"));
        assertThrows(InvalidInput.class, () -> JsonPath.fromPointer("/~2"));
    }

    @Test
    void indexesAreDecimalWithoutLeadingZerosAndFitAnInt() {
        assertEquals(0, JsonPath.parseIndex("0"));
        assertEquals(2147483647, JsonPath.parseIndex("2147483647"));
        assertEquals(-1, JsonPath.parseIndex("2147483648"));
        assertEquals(-1, JsonPath.parseIndex("01"));
        assertEquals(-1, JsonPath.parseIndex("-1"));
        assertEquals(-1, JsonPath.parseIndex("1e3"));
        assertEquals(-1, JsonPath.parseIndex(""));
    }
}
