package dev.lighthouse.tree;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Feeds the canonical, unambiguous encoding of values into SHA-256. Every
 * variable-length part is length-prefixed, so no two different values share
 * an encoding. The layout is documented in docs/design.md and must never
 * change: checksums are compared across replicas and stored in data.d.
 */
final class DigestBuilder {

    static final byte OBJECT = 'O';
    static final byte ARRAY = 'A';
    static final byte NESTED = 'H';
    static final byte STRING = 's';
    static final byte NUMBER = 'n';
    static final byte TRUE = 't';
    static final byte FALSE = 'f';
    static final byte NULL = 'z';
    static final byte LEAF = 'L';

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(DigestBuilder::newSha256);

    private static final ThreadLocal<byte[]> TEXT_BUFFER = ThreadLocal.withInitial(() -> new byte[256]);

    private final MessageDigest sha;
    private final byte[] intBuffer = new byte[4];

    private DigestBuilder() {
        sha = SHA256.get();
        sha.reset();
    }

    static DigestBuilder start(byte tag, int count) {
        DigestBuilder builder = new DigestBuilder();
        builder.tag(tag);
        builder.length(count);
        return builder;
    }

    static Digest ofLeaf(Node leaf) {
        DigestBuilder builder = new DigestBuilder();
        builder.tag(LEAF);
        leaf.feedAsChild(builder);
        return builder.finish();
    }

    void tag(byte tag) {
        sha.update(tag);
    }

    void length(int length) {
        intBuffer[0] = (byte) (length >>> 24);
        intBuffer[1] = (byte) (length >>> 16);
        intBuffer[2] = (byte) (length >>> 8);
        intBuffer[3] = (byte) length;
        sha.update(intBuffer);
    }

    /** Length-prefixed UTF-8; ASCII (nearly every key and value) is copied without allocating. */
    void text(String text) {
        int length = text.length();
        byte[] buffer = TEXT_BUFFER.get();
        if (length <= buffer.length) {
            int i = 0;
            while (i < length) {
                char c = text.charAt(i);
                if (c >= 0x80) {
                    break;
                }
                buffer[i++] = (byte) c;
            }
            if (i == length) {
                length(length);
                sha.update(buffer, 0, length);
                return;
            }
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        length(utf8.length);
        sha.update(utf8);
    }

    void nested(Digest digest) {
        sha.update(NESTED);
        sha.update(digest.bytes());
    }

    Digest finish() {
        return new Digest(sha.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
