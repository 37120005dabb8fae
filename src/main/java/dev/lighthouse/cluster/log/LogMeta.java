package dev.lighthouse.cluster.log;

import dev.lighthouse.store.OwnerOnly;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.jgroups.Address;
import org.jgroups.util.Util;

/**
 * The Raft log's small state: current term, vote, commit index and where the
 * log begins. Two fixed slots in a file made whole at creation, overwritten in
 * place (so no write ever needs new disk space), each record checksummed and
 * numbered; start-up takes the newest slot that verifies, so a torn write
 * costs only that write.
 *
 * <p>Term and vote must survive a power cut (Raft's safety rests on them), so a
 * change to either is written to both slots, each synced: whichever slot a
 * later, unsynced write tears, the other still holds them. The commit index is
 * written on every commit without a sync, alternating slots: losing the latest
 * one only delays what the next leader commits again (see
 * {@code LighthouseRaft#changeRole}).
 *
 * <p>Not thread-safe: {@link SegmentedLog} serialises every call.
 */
final class LogMeta implements AutoCloseable {

    static final String NAME = "meta";
    private static final int SLOT_BYTES = 4096;
    private static final int MAGIC = 0x4c484d31; // "LHM1"

    /** One consistent view of the state. */
    record State(long term, Address votedFor, long commitIndex, long firstIndex) {
        State withTerm(long newTerm) {
            return new State(newTerm, votedFor, commitIndex, firstIndex);
        }

        State withVote(Address vote) {
            return new State(term, vote, commitIndex, firstIndex);
        }

        State withCommitIndex(long index) {
            return new State(term, votedFor, index, firstIndex);
        }

        State withFirstIndex(long index) {
            return new State(term, votedFor, commitIndex, index);
        }
    }

    private final FileChannel channel;
    private long serial;
    private State state;

    private LogMeta(FileChannel channel, long serial, State state) {
        this.channel = channel;
        this.serial = serial;
        this.state = state;
    }

    /**
     * The log's state file: the one in {@code dir}, a new one when there is none, or, when neither
     * slot of the one there verifies, a new one in a term past every term the log holds (Raft's
     * safety rests on never voting twice in a term), reported.
     */
    static LogMeta openOrBegin(Path dir, long lastTermInLog, Consumer<String> report) throws IOException {
        try {
            LogMeta meta = open(dir);
            return meta != null ? meta : create(dir, new State(0, null, 0, 0));
        } catch (IOException e) {
            long term = lastTermInLog + 1;
            report.accept("its term and vote are unreadable (" + e.getMessage() + "); starting in term " + term
                    + " with no vote");
            Files.deleteIfExists(dir.resolve(NAME));
            return create(dir, new State(term, null, 0, 0));
        }
    }

    /** @return the meta file, or null when {@code dir} has none */
    static LogMeta open(Path dir) throws IOException {
        Path file = dir.resolve(NAME);
        if (!Files.exists(file)) {
            return null;
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long bestSerial = -1;
            State best = null;
            for (int slot = 0; slot < 2; slot++) {
                ByteBuffer bytes = ByteBuffer.allocate(SLOT_BYTES);
                Segment.readFully(channel, bytes, (long) slot * SLOT_BYTES);
                bytes.flip();
                Decoded decoded = decode(bytes);
                if (decoded != null && decoded.serial() > bestSerial) {
                    bestSerial = decoded.serial();
                    best = decoded.state();
                }
            }
            if (best == null) {
                throw new IOException("neither of the two records in " + file + " verifies");
            }
            return new LogMeta(channel, bestSerial, best);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Makes a new meta file holding {@code initial}, synced, both slots written. */
    static LogMeta create(Path dir, State initial) throws IOException {
        Path temp = dir.resolve(NAME + ".tmp");
        Files.deleteIfExists(temp);
        try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), OwnerOnly.FILE)) {
            Segment.writeFully(channel, ByteBuffer.allocate(2 * SLOT_BYTES), 0);
            LogMeta meta = new LogMeta(channel, 0, initial);
            meta.writeBoth(initial);
        }
        Files.move(temp, dir.resolve(NAME), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        LogFiles.syncDirectory(dir);
        return open(dir);
    }

    State state() {
        return state;
    }

    /** Term and vote: durable in both slots before this returns. */
    void writeDurably(State next) throws IOException {
        writeBoth(next);
    }

    /** Commit index and log start: to the older slot, not synced. */
    void write(State next) throws IOException {
        serial++;
        Segment.writeFully(channel, encode(next, serial), slotOf(serial));
        state = next;
    }

    private void writeBoth(State next) throws IOException {
        for (int i = 0; i < 2; i++) {
            serial++;
            Segment.writeFully(channel, encode(next, serial), slotOf(serial));
            channel.force(false);
        }
        state = next;
    }

    private static long slotOf(long serial) {
        return (serial % 2) * SLOT_BYTES;
    }

    private record Decoded(long serial, State state) {
    }

    private static ByteBuffer encode(State state, long serial) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeLong(serial);
        out.writeLong(state.term());
        out.writeLong(state.commitIndex());
        out.writeLong(state.firstIndex());
        Util.writeAddress(state.votedFor(), out);
        out.flush();
        byte[] body = bytes.toByteArray();
        if (body.length + 8 > SLOT_BYTES) {
            throw new IOException("the Raft state does not fit its " + SLOT_BYTES + "-byte slot");
        }
        CRC32C crc = new CRC32C();
        crc.update(body);
        return ByteBuffer.allocate(body.length + 8).putInt(body.length).put(body).putInt((int) crc.getValue()).flip();
    }

    private static Decoded decode(ByteBuffer slot) {
        try {
            int length = slot.getInt(0);
            if (length < 4 + 8 * 4 || length + 8 > slot.limit()) {
                return null;
            }
            CRC32C crc = new CRC32C();
            crc.update(slot.array(), 4, length);
            if ((int) crc.getValue() != slot.getInt(4 + length)) {
                return null;
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(slot.array(), 4, length));
            if (in.readInt() != MAGIC) {
                return null;
            }
            long serial = in.readLong();
            long term = in.readLong();
            long commit = in.readLong();
            long first = in.readLong();
            Address votedFor = Util.readAddress(in);
            return new Decoded(serial, new State(term, votedFor, commit, first));
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
