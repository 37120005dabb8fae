package dev.lighthouse.tree;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An immutable JSON value. Nodes are shared between versions: an edit copies only
 * the containers on the path it touches, so two versions share every untouched
 * subtree. Instances are safe to read from any thread.
 *
 * <p>Containers compute their {@link Digest} when built; leaves are hashed inline
 * into their parent and get a digest of their own only when asked (an ETag).
 * The compact JSON form is computed once per node and kept, so serving an
 * unchanged subtree again costs a buffer write.
 */
public abstract sealed class Node permits ObjectNode, ArrayNode, StringNode, NumberNode, BooleanNode, NullNode {

    private volatile byte[] json;

    /** Digest over the value's canonical encoding; see docs/design.md. */
    public abstract Digest digest();

    /** Nesting depth: 0 for a leaf, 1 + the deepest child for a container. */
    public int depth() {
        return 0;
    }

    /** Rough serialised size in bytes, for storage policy decisions, not for framing. */
    public abstract long approxSize();

    /** Writes this value's canonical digest input as it appears inside a parent. */
    abstract void feedAsChild(DigestBuilder builder);

    public boolean isContainer() {
        return false;
    }

    public abstract String typeName();

    /** Compact JSON followed by a newline: the bytes a GET of this node returns. */
    public byte[] jsonBytes() {
        byte[] cached = json;
        if (cached == null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(approxSize() + 1, 1 << 20));
            try {
                JsonCodec.write(this, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.write('\n');
            cached = out.toByteArray();
            json = cached;
        }
        return cached;
    }

    /** Compact JSON text without the trailing newline. */
    public String toJson() {
        byte[] bytes = jsonBytes();
        return new String(bytes, 0, bytes.length - 1, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** JSON equality; object member order counts, numbers compare by their written form. */
    public boolean sameAs(Node other) {
        return this == other || digest().equals(other.digest());
    }

    @Override
    public String toString() {
        return toJson();
    }
}
