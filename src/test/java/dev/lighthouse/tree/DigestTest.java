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
        assertEquals("sha256:e49256fa89d79b1425a91b1400b5afa52034c7174c7978d79657ac988a3dcbad",
                checksum("{}"));
    }

    @Test
    void checksumsOfVariedDocumentsAreFixedForever() {
        // Written down before the digest input was buffered: any change in the bytes SHA-256 sees shows here.
        String longAscii = "k".repeat(70_000);
        String longUnicode = "\u00e9\u4e2d\ud83d\ude00".repeat(30_000);
        String varied = "{\"s\":\"plain\",\"n\":-12.5e3,\"t\":true,\"f\":false,\"z\":null,"
                + "\"caf\u00e9\":\"\u4e2d\u6587 \ud83d\ude00\",\"a\":[[],{},[1,[2,{\"x\":\"\"}]]],"
                + "\"latin1\":\"\u00ff\u00e0\"}";
        assertEquals("sha256:e7d98916b107077704c09d9920b3727ed353495cfff4b3b82bf070556619ba10",
                checksum(varied));
        assertEquals("sha256:318845b3d7f3c0cf391e7e5d7e7e4d5d326fef744193a26d5fd56f82386a5e2a",
                checksum("{\"" + longAscii + "\":\"" + longAscii + "\"}"));
        assertEquals("sha256:d9ba4c4787c11558f7b05b9b77cb3703b7454ea2d6195b39ca70b4c677bd3f32",
                checksum("{\"u\":[\"" + longUnicode + "\",\"" + longAscii + "\"]}"));
        Node leaf = ((ObjectNode) codec.parse("{\"v\":\"" + longUnicode + "\"}")).get("v");
        assertEquals("sha256:ad8e39d3b1157b42755fe282a49118b97ee5fef940ebe8e81d6866944e58c7bd",
                leaf.digest().checksum());
        assertEquals("sha256:606ab14b89ec74042372518d97fe694c6d41c673f6f21f48845cc88270bb0697",
                NumberNode.ofLiteral("1e400").digest().checksum());
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
