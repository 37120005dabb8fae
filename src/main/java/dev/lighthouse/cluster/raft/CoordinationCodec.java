package dev.lighthouse.cluster.raft;

import dev.lighthouse.apply.Command;
import dev.lighthouse.coord.Fence;
import dev.lighthouse.tree.JsonPath;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The session and group commands as log entries, after {@link CommandCodec}'s header, and the
 * fence a document write may carry. Every field is written exactly: the node that submitted an
 * entry applies its own command object while the others apply the decoded one, so a rounded
 * duration would leave replicas with different states.
 */
final class CoordinationCodec {

    private static final byte OPEN_SESSION = 'O';
    private static final byte END_SESSION = 'e';
    private static final byte EXPIRE_SESSION = 'x';
    private static final byte LEADER_TERM = 'T';
    private static final byte CHECKPOINT_SESSIONS = 'K';
    private static final byte JOIN_GROUP = 'J';
    private static final byte LEAVE_GROUP = 'L';
    /** Precedes a fenced document command, whose own encoding follows unchanged. */
    static final byte FENCE = 'F';

    private CoordinationCodec() {
    }

    static void write(DataOutput out, Command.Coordinating command) {
        command.accept(new Encoder(out));
    }

    /**
     * Each kind's tag and fields, in one visitor, so a new kind does not compile until it has an
     * encoding; {@link #read} reads the tags back.
     */
    private record Encoder(DataOutput out) implements Command.CoordinationVisitor<Void> {

        private Void tagged(int tag, Wire.Fields fields) {
            return Wire.tagged(out, tag, fields);
        }

        @Override
        public Void openSession(Command.OpenSession c) {
            return tagged(OPEN_SESSION, () -> {
                Wire.writeString(out, c.id());
                Wire.writeString(out, c.name());
                writeDuration(out, c.ttl());
                Wire.writeString(out, c.by());
            });
        }

        @Override
        public Void endSession(Command.EndSession c) {
            return tagged(END_SESSION, () -> {
                Wire.writeString(out, c.id());
                Wire.writeString(out, c.by());
            });
        }

        @Override
        public Void expireSession(Command.ExpireSession c) {
            return tagged(EXPIRE_SESSION, () -> {
                Wire.writeString(out, c.id());
                out.writeLong(c.term());
            });
        }

        @Override
        public Void leaderTerm(Command.LeaderTerm c) {
            return tagged(LEADER_TERM, () -> out.writeLong(c.term()));
        }

        @Override
        public Void checkpointSessions(Command.CheckpointSessions c) {
            return tagged(CHECKPOINT_SESSIONS, () -> {
                out.writeInt(c.remaining().size());
                for (Map.Entry<String, Duration> entry : c.remaining().entrySet()) {
                    Wire.writeString(out, entry.getKey());
                    writeDuration(out, entry.getValue());
                }
            });
        }

        @Override
        public Void joinGroup(Command.JoinGroup c) {
            return tagged(JOIN_GROUP, () -> {
                writeGroup(out, c.group());
                Wire.writeString(out, c.member());
                Wire.writeString(out, c.session());
                Wire.writeJson(out, c.value());
                out.writeInt(c.limit());
                Wire.writeString(out, c.by());
            });
        }

        @Override
        public Void leaveGroup(Command.LeaveGroup c) {
            return tagged(LEAVE_GROUP, () -> {
                writeGroup(out, c.group());
                Wire.writeString(out, c.member());
                Wire.writeString(out, c.session());
                Wire.writeString(out, c.by());
            });
        }
    }

    /** @throws IOException for a tag no command of this build has */
    static Command read(byte type, DataInput in, Instant now) throws IOException {
        return switch (type) {
            case OPEN_SESSION -> new Command.OpenSession(Wire.readString(in), Wire.readString(in), readDuration(in),
                    Wire.readString(in), now);
            case END_SESSION -> new Command.EndSession(Wire.readString(in), Wire.readString(in), now);
            case EXPIRE_SESSION -> new Command.ExpireSession(Wire.readString(in), in.readLong(), now);
            case LEADER_TERM -> new Command.LeaderTerm(in.readLong(), now);
            case CHECKPOINT_SESSIONS -> new Command.CheckpointSessions(readRemaining(in), now);
            case JOIN_GROUP -> new Command.JoinGroup(readGroup(in), Wire.readString(in), Wire.readString(in),
                    Wire.readJson(in), in.readInt(), Wire.readString(in), now);
            case LEAVE_GROUP -> new Command.LeaveGroup(readGroup(in), Wire.readString(in), Wire.readString(in),
                    Wire.readString(in), now);
            default -> throw new IOException("unknown command type " + type);
        };
    }

    private static Map<String, Duration> readRemaining(DataInput in) throws IOException {
        int count = in.readInt();
        Map<String, Duration> remaining = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            remaining.put(Wire.readString(in), readDuration(in));
        }
        return remaining;
    }

    /** The {@link #FENCE} tag and the fence, when there is one; nothing otherwise, so an unfenced write reads as before. */
    static void writeFence(DataOutput out, Fence fence) throws IOException {
        if (fence == null) {
            return;
        }
        out.writeByte(FENCE);
        writeGroup(out, fence.group());
        Wire.writeString(out, fence.member());
        out.writeLong(fence.token());
    }

    /** The fence after its {@link #FENCE} tag. */
    static Fence readFence(DataInput in) throws IOException {
        return new Fence(readGroup(in), Wire.readString(in), in.readLong());
    }

    /** A group's name as its JSON Pointer, which keeps a segment holding '/' apart from two segments. */
    static void writeGroup(DataOutput out, JsonPath group) throws IOException {
        Wire.writeString(out, group.pointer());
    }

    static JsonPath readGroup(DataInput in) throws IOException {
        return JsonPath.fromPointer(Wire.readString(in));
    }

    /** Null too: a session opened without a ttl must reach the applier and be refused there, like any bad input. */
    static void writeDuration(DataOutput out, Duration duration) throws IOException {
        out.writeBoolean(duration != null);
        if (duration != null) {
            out.writeLong(duration.getSeconds());
            out.writeInt(duration.getNano());
        }
    }

    static Duration readDuration(DataInput in) throws IOException {
        return in.readBoolean() ? Duration.ofSeconds(in.readLong(), in.readInt()) : null;
    }
}
