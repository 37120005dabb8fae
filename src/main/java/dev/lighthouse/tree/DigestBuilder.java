package dev.lighthouse.tree;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Feeds the canonical, unambiguous encoding of values into SHA-256. Every
 * variable-length part is length-prefixed, so no two different values share
 * an encoding. The layout is documented in docs/design.md and must never
 * change: checksums are compared across replicas and stored in data.d.
 *
 * <p>The encoding is gathered in a buffer and handed to SHA-256 in large pieces: a document
 * has several million keys and leaves, and three {@code MessageDigest.update} calls for each
 * cost more than the hashing itself. One builder per thread is reused, since containers are
 * built one at a time (a child's digest is finished before its parent starts).
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

    private static final int BUFFER_BYTES = 8192;
    private static final int DIGEST_BYTES = 32;

    private static final ThreadLocal<DigestBuilder> PER_THREAD = ThreadLocal.withInitial(DigestBuilder::new);

    private final MessageDigest sha = newSha256();
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int used;
    private boolean busy;

    private DigestBuilder() {
    }

    static DigestBuilder start(byte tag, int count) {
        DigestBuilder builder = acquire();
        builder.tag(tag);
        builder.length(count);
        return builder;
    }

    static Digest ofLeaf(Node leaf) {
        DigestBuilder builder = acquire();
        builder.tag(LEAF);
        leaf.feedAsChild(builder);
        return builder.finish();
    }

    /** The thread's builder; a fresh one should a digest ever be started while another is open. */
    private static DigestBuilder acquire() {
        DigestBuilder builder = PER_THREAD.get();
        if (builder.busy) {
            builder = new DigestBuilder();
        }
        builder.busy = true;
        return builder;
    }

    void tag(byte tag) {
        room(1);
        buffer[used++] = tag;
    }

    void length(int length) {
        room(4);
        writeLength(length);
    }

    /** Length-prefixed UTF-8; ASCII (nearly every key and value) goes into the buffer as it is. */
    void text(String text) {
        int length = text.length();
        if (length + 4 <= BUFFER_BYTES) {
            room(length + 4);
            int start = used + 4;
            int i = 0;
            while (i < length) {
                char c = text.charAt(i);
                if (c >= 0x80) {
                    break;
                }
                buffer[start + i++] = (byte) c;
            }
            if (i == length) {
                writeLength(length);
                used = start + length;
                return;
            }
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        length(utf8.length);
        bytes(utf8);
    }

    void nested(Digest digest) {
        room(1 + DIGEST_BYTES);
        buffer[used++] = NESTED;
        System.arraycopy(digest.bytes(), 0, buffer, used, DIGEST_BYTES);
        used += DIGEST_BYTES;
    }

    Digest finish() {
        sha.update(buffer, 0, used);
        used = 0;
        busy = false;
        return new Digest(sha.digest());
    }

    private void bytes(byte[] bytes) {
        if (bytes.length <= BUFFER_BYTES - used) {
            System.arraycopy(bytes, 0, buffer, used, bytes.length);
            used += bytes.length;
        } else {
            flush();
            sha.update(bytes);
        }
    }

    private void writeLength(int length) {
        buffer[used] = (byte) (length >>> 24);
        buffer[used + 1] = (byte) (length >>> 16);
        buffer[used + 2] = (byte) (length >>> 8);
        buffer[used + 3] = (byte) length;
        used += 4;
    }

    /** Makes room for {@code bytes} more, which must be at most the buffer's size. */
    private void room(int bytes) {
        if (used + bytes > BUFFER_BYTES) {
            flush();
        }
    }

    private void flush() {
        sha.update(buffer, 0, used);
        used = 0;
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
