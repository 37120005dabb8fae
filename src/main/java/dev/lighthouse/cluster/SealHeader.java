package dev.lighthouse.cluster;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.jgroups.Header;
import org.jgroups.conf.ClassConfigurator;

/**
 * What {@link ClusterSeal} puts in clear beside a sealed message: the sending session (which
 * key), the message's number in it (the nonce), and who the sender says it is. The first two
 * are checked by decryption itself; the name is only for the log when a message is refused.
 */
public final class SealHeader extends Header {

    static final short MAGIC_ID = 2901;
    /** A sender label is cut to this many bytes: the node name and a host:port fit with room to spare. */
    private static final int MAX_SENDER_BYTES = 255;

    static {
        ClassConfigurator.add(MAGIC_ID, SealHeader.class);
    }

    private long sessionHigh;
    private long sessionLow;
    private long counter;
    private byte[] sender;

    public SealHeader() {
    }

    SealHeader(long sessionHigh, long sessionLow, long counter, byte[] sender) {
        this.sessionHigh = sessionHigh;
        this.sessionLow = sessionLow;
        this.counter = counter;
        this.sender = sender;
    }

    /** The label as it travels: UTF-8, cut to fit. */
    static byte[] label(String sender) {
        byte[] bytes = sender.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= MAX_SENDER_BYTES ? bytes : java.util.Arrays.copyOf(bytes, MAX_SENDER_BYTES);
    }

    /** Makes sure the header is known before any message could carry it. */
    static void register() {
        // the static initialiser does the work
    }

    long sessionHigh() {
        return sessionHigh;
    }

    long sessionLow() {
        return sessionLow;
    }

    long counter() {
        return counter;
    }

    /** Who the sender claims to be; unauthenticated, for messages about refused traffic only. */
    String sender() {
        return new String(sender, StandardCharsets.UTF_8);
    }

    @Override
    public short getMagicId() {
        return MAGIC_ID;
    }

    @Override
    public Supplier<? extends Header> create() {
        return SealHeader::new;
    }

    @Override
    public int serializedSize() {
        return 3 * Long.BYTES + 1 + sender.length;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(sessionHigh);
        out.writeLong(sessionLow);
        out.writeLong(counter);
        out.writeByte(sender.length);
        out.write(sender);
    }

    @Override
    public void readFrom(DataInput in) throws IOException {
        sessionHigh = in.readLong();
        sessionLow = in.readLong();
        counter = in.readLong();
        sender = new byte[in.readUnsignedByte()];
        in.readFully(sender);
    }

    @Override
    public String toString() {
        return "seal#" + counter;
    }
}
