package dev.lighthouse.cluster.raft;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.function.Supplier;
import org.jgroups.Header;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.raft.RaftHeader;
import org.jgroups.util.Bits;

/**
 * The messages of Lighthouse's read index ({@link ReadIndex}, {@link ReadIndexClient}). They travel
 * under RAFT's protocol id, so RAFT queues them for its runner thread like its own messages, and
 * {@link LighthouseRaft#handleUpRequest} hands them to {@link ReadIndex} there.
 *
 * <ul>
 * <li>{@link Kind#ASK}: a node asks the leader for a read index; {@code number} names the batch of
 *     reads it asks for.</li>
 * <li>{@link Kind#ANSWER}: the leader's answer to an ASK: {@code index} is the read index, or
 *     {@link #RETRY} when it cannot name one now (it does not lead, or has not yet committed an entry of
 *     its term).</li>
 * <li>{@link Kind#PROBE}: the leader asks each member whether it still leads; {@code number} is the
 *     confirmation round, {@code term} the leader's term.</li>
 * <li>{@link Kind#ACK}: a member's answer to a PROBE: {@code term} is the member's own term and
 *     {@code index} is 1 when it sees the sender as the leader of exactly that term, 0 otherwise.</li>
 * </ul>
 */
public final class ReadHeader extends RaftHeader {

    /**
     * After {@link CommitNews} (2900) and {@link dev.lighthouse.cluster.SealHeader} (2901); jgroups-raft's own
     * headers use 2000..2004.
     */
    static final short MAGIC_ID = 2902;
    /** An ANSWER's index when the leader cannot name a read index now: ask again. */
    static final long RETRY = -1;

    public enum Kind { ASK, ANSWER, PROBE, ACK }

    private static final Kind[] KINDS = Kind.values();

    static {
        ClassConfigurator.add(MAGIC_ID, ReadHeader.class);
    }

    private Kind kind;
    private long number;
    private long index;

    public ReadHeader() {
    }

    private ReadHeader(Kind kind, long term, long number, long index) {
        super(term);
        this.kind = kind;
        this.number = number;
        this.index = index;
    }

    static ReadHeader ask(long term, long batch) {
        return new ReadHeader(Kind.ASK, term, batch, 0);
    }

    static ReadHeader answer(long term, long batch, long index) {
        return new ReadHeader(Kind.ANSWER, term, batch, index);
    }

    static ReadHeader probe(long term, long round) {
        return new ReadHeader(Kind.PROBE, term, round, 0);
    }

    static ReadHeader ack(long term, long round, boolean leaderOfThatTerm) {
        return new ReadHeader(Kind.ACK, term, round, leaderOfThatTerm ? 1 : 0);
    }

    /** Makes sure the header is known before any message could carry it. */
    static void register() {
        // the static initialiser does the work
    }

    public Kind kind() {
        return kind;
    }

    /** The batch (ASK, ANSWER) or the confirmation round (PROBE, ACK). */
    long number() {
        return number;
    }

    long index() {
        return index;
    }

    @Override
    public short getMagicId() {
        return MAGIC_ID;
    }

    @Override
    public Supplier<? extends Header> create() {
        return ReadHeader::new;
    }

    @Override
    public int serializedSize() {
        return super.serializedSize() + 1 + Bits.size(number) + Long.BYTES;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        super.writeTo(out);
        out.writeByte(kind.ordinal());
        Bits.writeLongCompressed(number, out);
        out.writeLong(index); // may be RETRY, which the compressed form is not meant for
    }

    @Override
    public void readFrom(DataInput in) throws IOException, ClassNotFoundException {
        super.readFrom(in);
        int k = in.readByte();
        if (k < 0 || k >= KINDS.length) {
            throw new IOException("unknown read header kind " + k);
        }
        kind = KINDS[k];
        number = Bits.readLongCompressed(in);
        index = in.readLong();
    }

    @Override
    public String toString() {
        return "ReadHeader " + kind + " term=" + curr_term + " number=" + number + " index=" + index;
    }
}
