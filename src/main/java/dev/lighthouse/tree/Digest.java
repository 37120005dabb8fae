package dev.lighthouse.tree;

import java.util.Arrays;
import org.apache.commons.codec.binary.Hex;

/** A SHA-256 digest of a value. Equal values always have equal digests. */
public final class Digest {

    private final byte[] bytes;
    private final int hashCode;
    private volatile String hex;
    private volatile String checksum;

    Digest(byte[] bytes) {
        this.bytes = bytes;
        // SHA-256 output is uniform: its first four bytes hash as well as all 32 would
        this.hashCode = (bytes[0] << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
    }


    byte[] bytes() {
        return bytes;
    }

    public String hex() {
        String h = hex;
        if (h == null) {
            h = Hex.encodeHexString(bytes);
            hex = h;
        }
        return h;
    }

    /** The SPEC's checksum form: {@code sha256:<64 lowercase hex>}. */
    public String checksum() {
        String c = checksum;
        if (c == null) {
            c = "sha256:" + hex();
            checksum = c;
        }
        return c;
    }

    /** A strong entity tag: 128 bits of the digest are plenty to tell representations apart. */
    public String etag() {
        return '"' + hex().substring(0, 32) + '"';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && Arrays.equals(bytes, d.bytes);
    }

    @Override
    public int hashCode() {
        return hashCode;
    }

    @Override
    public String toString() {
        return checksum();
    }
}
