package dev.lighthouse.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class DigestTest {

    private final JsonCodec codec = new JsonCodec(JsonLimits.DEFAULT);

    private String checksum(String json) {
        return codec.parse(json).digest().checksum();
    }

    @Test
    void checksumOfTheEmptyDocumentIsFixedForever() {
        // Replicas and data.d files compare checksums: the encoding must never change.
        assertEquals("sha256:e49256fa89d79b1425a91b1400b5afa52034c7174c7978d79657ac988a3dcbad", checksum("{}"));
    }

    @Test
    void equalDocumentsHaveEqualChecksumsWhateverTheirFormatting() {
        assertEquals(checksum("{\"a\": [1, \"x\", null]}"), checksum("{\n\"a\":[1,\"x\",null]\n}"));
    }

    @Test
    void anyDifferenceChangesTheChecksum() {
        String base = checksum("{\"a\":[\"1\"]}");
        assertNotEquals(base, checksum("{\"a\":[1]}"), "string vs number");
        assertNotEquals(base, checksum("{\"a\":[\"1\",\"\"]}"), "extra element");
        assertNotEquals(base, checksum("{\"a\":{\"0\":\"1\"}}"), "object vs array");
        assertNotEquals(checksum("{\"a\":1,\"b\":2}"), checksum("{\"b\":2,\"a\":1}"), "member order is kept and counted");
        assertNotEquals(checksum("{\"ab\":\"c\"}"), checksum("{\"a\":\"bc\"}"), "length prefixes prevent ambiguity");
        assertNotEquals(checksum("{\"a\":true}"), checksum("{\"a\":\"true\"}"));
    }

    @Test
    void subtreeDigestIsIndependentOfWhereTheSubtreeLives() {
        Node left = ((ObjectNode) codec.parse("{\"x\":{\"k\":[1,2]}}")).get("x");
        Node right = ((ObjectNode) codec.parse("{\"y\":{\"z\":{\"k\":[1,2]}}}")).get("y");
        assertEquals(left.digest().etag(), ((ObjectNode) right).get("z").digest().etag());
    }
}
