package dev.lighthouse.cluster.raft;

import dev.lighthouse.tree.JsonCodec;
import dev.lighthouse.tree.JsonLimits;
import dev.lighthouse.tree.Node;
import dev.lighthouse.tree.ObjectNode;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The primitive values of the cluster's binary messages (log entries,
 * snapshots): strings and JSON values length-prefixed, so neither has
 * DataOutput's 64 KiB limit. It lives with the log entries' and snapshots'
 * codecs, whose format it is; the cluster package's own messages use its
 * strings only, hence only those are public.
 */
public final class Wire {

    /** What we wrote ourselves under client limits that may since have been lowered. */
    private static final JsonCodec CODEC = new JsonCodec(JsonLimits.STORAGE, false);

    private Wire() {
    }

    /** The fields of one tagged record, written after its tag. */
    interface Fields {
        void write() throws IOException;
    }

    /**
     * Writes a tag and then its fields, to a byte array's stream, which does not fail.
     *
     * @return null, so an encoding visitor returns it directly
     */
    static Void tagged(DataOutput out, int tag, Fields fields) {
        try {
            out.writeByte(tag);
            fields.write();
            return null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static void writeString(DataOutput out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    public static String readString(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The node's cached compact JSON: writing a value that is already in memory costs a copy. */
    static void writeJson(DataOutput out, Node value) throws IOException {
        byte[] bytes = value.jsonBytes();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static Node readJson(DataInput in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return CODEC.parse(bytes);
    }

    static ObjectNode readObject(DataInput in) throws IOException {
        if (readJson(in) instanceof ObjectNode object) {
            return object;
        }
        throw new IOException("expected a JSON object");
    }

    static void skipJson(DataInput in) throws IOException {
        int length = in.readInt();
        if (in.skipBytes(length) != length) {
            throw new IOException("truncated JSON value");
        }
    }

    static void writeInstant(DataOutput out, Instant instant) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    static Instant readInstant(DataInput in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }
}
