package dev.lighthouse.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lighthouse.error.Conflict;
import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.error.NotFound;
import org.junit.jupiter.api.Test;

class EditsTest {

    private final JsonCodec codec = new JsonCodec(JsonLimits.DEFAULT);

    private ObjectNode doc(String json) {
        return (ObjectNode) codec.parse(json);
    }

    @Test
    void mergePatchFollowsRfc7396Examples() {
        // RFC 7396 section 3 and appendix A, a selection.
        String[][] cases = {
            {"{\"a\":\"b\"}", "{\"a\":\"c\"}", "{\"a\":\"c\"}"},
            {"{\"a\":\"b\"}", "{\"b\":\"c\"}", "{\"a\":\"b\",\"b\":\"c\"}"},
            {"{\"a\":\"b\"}", "{\"a\":null}", "{}"},
            {"{\"a\":\"b\",\"b\":\"c\"}", "{\"a\":null}", "{\"b\":\"c\"}"},
            {"{\"a\":[\"b\"]}", "{\"a\":\"c\"}", "{\"a\":\"c\"}"},
            {"{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}", "{\"a\":{\"b\":\"d\"}}"},
            {"{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}", "{\"a\":[1]}"},
            {"{\"e\":null}", "{\"a\":1}", "{\"e\":null,\"a\":1}"},
            {"{}", "{\"a\":{\"bb\":{\"ccc\":null}}}", "{\"a\":{\"bb\":{}}}"},
        };
        for (String[] c : cases) {
            assertEquals(c[2], Edits.mergePatch(doc(c[0]), JsonPath.ROOT, codec.parse(c[1])).toJson(), c[1]);
        }
    }

    @Test
    void mergePatchAtAMissingPathCreatesIt() {
        assertEquals("{\"x\":1,\"app\":{\"dm\":{\"port\":80}}}",
                Edits.mergePatch(doc("{\"x\":1}"), JsonPath.of("app", "dm"), codec.parse("{\"port\":80}")).toJson());
    }

    @Test
    void putCreatesParentsAppendsAndRejectsWhatDoesNotFit() {
        ObjectNode base = doc("{\"list\":[1],\"n\":5}");
        assertEquals("{\"list\":[1],\"n\":5,\"a\":{\"b\":{\"c\":true}}}",
                Edits.put(base, JsonPath.of("a", "b", "c"), BooleanNode.TRUE).toJson());
        assertEquals("{\"list\":[1,2],\"n\":5}", Edits.put(base, JsonPath.of("list", "-"), NumberNode.of(2)).toJson());
        assertEquals("{\"list\":[1,2],\"n\":5}", Edits.put(base, JsonPath.of("list", "1"), NumberNode.of(2)).toJson());
        assertThrows(NotFound.class, () -> Edits.put(base, JsonPath.of("list", "2"), NumberNode.of(2)));
        assertThrows(InvalidInput.class, () -> Edits.put(base, JsonPath.of("list", "01"), NumberNode.of(2)));
        assertThrows(Conflict.class, () -> Edits.put(base, JsonPath.of("n", "x"), NumberNode.of(2)));
        assertThrows(InvalidInput.class, () -> Edits.put(base, JsonPath.ROOT, ArrayNode.EMPTY));
    }

    @Test
    void deleteRemovesOrReportsTheMissingSegment() {
        ObjectNode base = doc("{\"a\":{\"b\":[1,2,3]}}");
        assertEquals("{\"a\":{\"b\":[1,3]}}", Edits.delete(base, JsonPath.of("a", "b", "1")).toJson());
        NotFound missing = assertThrows(NotFound.class, () -> Edits.delete(base, JsonPath.of("a", "x", "y")));
        assertEquals("/a/x", missing.extensions().get("path"));
        assertThrows(InvalidInput.class, () -> Edits.delete(base, JsonPath.ROOT));
    }

    @Test
    void jsonPatchAppliesWholeOrNotAtAll() {
        ObjectNode base = doc("{\"a\":{\"b\":1},\"list\":[1,2]}");
        Node patch = codec.parse("[{\"op\":\"add\",\"path\":\"/list/0\",\"value\":0},"
                + "{\"op\":\"move\",\"from\":\"/a/b\",\"path\":\"/c\"},"
                + "{\"op\":\"copy\",\"from\":\"/c\",\"path\":\"/a/d\"},"
                + "{\"op\":\"replace\",\"path\":\"/list/2\",\"value\":\"two\"},"
                + "{\"op\":\"remove\",\"path\":\"/list/1\"},"
                + "{\"op\":\"test\",\"path\":\"/c\",\"value\":1.0}]");
        assertEquals("{\"a\":{\"d\":1},\"list\":[0,\"two\"],\"c\":1}",
                JsonPatch.apply(base, JsonPatch.parse(patch, JsonPath.ROOT)).toJson());
        Node failing = codec.parse("[{\"op\":\"remove\",\"path\":\"/a\"},{\"op\":\"test\",\"path\":\"/list/0\",\"value\":9}]");
        assertThrows(Conflict.class, () -> JsonPatch.apply(base, JsonPatch.parse(failing, JsonPath.ROOT)));
        assertThrows(InvalidInput.class, () -> JsonPatch.parse(codec.parse("[{\"op\":\"jump\",\"path\":\"/a\"}]"),
                JsonPath.ROOT));
        assertThrows(InvalidInput.class, () -> JsonPatch.parse(codec.parse("{\"op\":\"add\"}"), JsonPath.ROOT));
        assertThrows(Conflict.class, () -> JsonPatch.apply(base, JsonPatch.parse(
                codec.parse("[{\"op\":\"move\",\"from\":\"/a\",\"path\":\"/a/b/c\"}]"), JsonPath.ROOT)));
    }

    @Test
    void jsonPatchTestComparesObjectsRegardlessOfMemberOrder() {
        ObjectNode base = doc("{\"o\":{\"x\":1,\"y\":[2]}}");
        Node patch = codec.parse("[{\"op\":\"test\",\"path\":\"/o\",\"value\":{\"y\":[2.0],\"x\":1}}]");
        assertEquals(base, JsonPatch.apply(base, JsonPatch.parse(patch, JsonPath.ROOT)));
    }

    @Test
    void containersKnowTheirDepth() {
        assertEquals(0, NumberNode.of(1).depth());
        assertEquals(1, doc("{}").depth());
        assertEquals(4, doc("{\"a\":[1,{\"b\":[]}],\"c\":2}").depth());
        assertEquals(5, Edits.put(doc("{}"), JsonPath.of("x", "y", "z"), codec.parse("[[1]]")).depth());
    }
}
