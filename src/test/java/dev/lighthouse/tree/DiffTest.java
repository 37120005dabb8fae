package dev.lighthouse.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiffTest {

    private final JsonCodec codec = new JsonCodec(JsonLimits.DEFAULT);

    @Test
    void patchThroughItsJsonFormReproducesTheTargetExactlyIncludingMemberOrder() {
        RandomDocuments random = new RandomDocuments(20261122);
        for (int round = 0; round < 2000; round++) {
            ObjectNode from = random.document(4);
            ObjectNode to = from;
            for (int edits = 0; edits <= round % 4; edits++) {
                to = random.mutate(to);
            }
            List<PatchOp> patch = Diff.between(from, to);
            ArrayNode.Builder json = new ArrayNode.Builder();
            patch.forEach(op -> json.add(op.toNode()));
            Node reread = codec.parse(json.build().toJson());
            ObjectNode applied = JsonPatch.apply(from, JsonPatch.parse(reread, JsonPath.ROOT));
            assertEquals(to.toJson(), applied.toJson(), "round " + round + " patch " + reread);
            assertEquals(to.digest(), applied.digest());
        }
    }

    @Test
    void equalDocumentsGiveAnEmptyPatch() {
        ObjectNode doc = (ObjectNode) codec.parse("{\"a\":[1,2,{\"b\":null}]}");
        assertTrue(Diff.between(doc, (ObjectNode) codec.parse(doc.toJson())).isEmpty());
    }

    @Test
    void changedPointersNameTheDeepestChangedValues() {
        ObjectNode from = (ObjectNode) codec.parse("{\"app\":{\"dm\":{\"port\":1,\"host\":\"x\"},\"other\":[1,2]}}");
        ObjectNode to = (ObjectNode) codec.parse("{\"app\":{\"dm\":{\"port\":2,\"host\":\"x\"},\"other\":[1],\"new\":true}}");
        assertEquals(List.of("/app/dm/port", "/app/other/1", "/app/new"),
                Diff.changedPointers(Diff.between(from, to)));
    }

    @Test
    void reorderedMembersReplaceTheObjectWhole() {
        ObjectNode from = (ObjectNode) codec.parse("{\"o\":{\"a\":1,\"b\":2}}");
        ObjectNode to = (ObjectNode) codec.parse("{\"o\":{\"b\":2,\"a\":1}}");
        List<PatchOp> patch = Diff.between(from, to);
        assertEquals(1, patch.size());
        assertEquals(PatchOp.Kind.REPLACE, patch.get(0).kind());
        assertEquals("/o", patch.get(0).path().pointer());
    }

    @Test
    void unchangedSubtreesAreSharedNotCopied() {
        ObjectNode from = (ObjectNode) codec.parse("{\"big\":{\"x\":[1,2,3]},\"small\":1}");
        ObjectNode to = Edits.put(from, JsonPath.of("small"), NumberNode.of(2));
        assertTrue(from.get("big") == to.get("big"), "the untouched subtree is the same object");
    }
}
