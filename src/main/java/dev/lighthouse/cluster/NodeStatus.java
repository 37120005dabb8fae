package dev.lighthouse.cluster;

import dev.lighthouse.cluster.raft.Wire;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * What each node tells the others twice a second: where it is, which version
 * it serves and how far it has applied the log. {@code /cluster}, joining and
 * divergence checks are built from these.
 *
 * @param http     base URL of its HTTP API, or null before it listens
 * @param cluster  its cluster address, host:port
 * @param applied  the last Raft log index it applied
 * @param state    its own view of itself: active, joining, no-quorum or diverged
 */
record NodeStatus(String name, String http, String cluster, long seq, String checksum, long applied, String state) {

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Wire.writeString(out, name);
            Wire.writeString(out, http);
            Wire.writeString(out, cluster);
            out.writeLong(seq);
            Wire.writeString(out, checksum);
            out.writeLong(applied);
            Wire.writeString(out, state);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static NodeStatus decode(byte[] data, int offset, int length) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, offset, length));
        return new NodeStatus(Wire.readString(in), Wire.readString(in), Wire.readString(in), in.readLong(),
                Wire.readString(in), in.readLong(), Wire.readString(in));
    }
}
