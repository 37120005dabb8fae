package dev.lighthouse.cluster.raft;

import dev.lighthouse.apply.Command;
import dev.lighthouse.apply.Edit;
import dev.lighthouse.coord.Fence;
import dev.lighthouse.store.Version;
import dev.lighthouse.tree.ArrayNode;
import dev.lighthouse.tree.JsonPatch;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.PatchOp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Commands as Raft log entries. Each entry starts with the id of the request
 * that submitted it, so the node that submitted it can hand the outcome back
 * to the waiting client when its own applier reaches the entry, without the
 * leader shipping results around.
 */
final class CommandCodec {

    /** 2 added who sent each command ({@code by}) and who made each version; 1 is still read. */
    private static final byte FORMAT = 2;

    private CommandCodec() {
    }

    /** Who submitted an entry: the node's per-process random id and a counter. */
    record RequestId(long origin, long counter) {
    }

    static byte[] encode(RequestId id, Command command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.writeByte(FORMAT);
            out.writeLong(id.origin());
            out.writeLong(id.counter());
            Wire.writeInstant(out, command.now());
            writeCommand(out, command);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    static RequestId readId(byte[] buf, int offset, int length) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(buf, offset, length));
        checkFormat(in);
        return new RequestId(in.readLong(), in.readLong());
    }

    static Command decode(byte[] buf, int offset, int length) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(buf, offset, length));
        byte format = checkFormat(in);
        in.readLong();
        in.readLong();
        return readCommand(in, Wire.readInstant(in), format);
    }

    private static byte checkFormat(DataInput in) throws IOException {
        byte format = in.readByte();
        if (format != FORMAT && format != 1) {
            throw new IOException("log entry format " + format + " is newer than this build understands");
        }
        return format;
    }

    private static void writeCommand(DataOutput out, Command command) {
        command.accept(new Encoder(out));
    }

    /**
     * Each kind's tag and fields, in one visitor, so a new command kind does not compile until it
     * has an encoding; {@link #readCommand} reads the tags back.
     */
    private record Encoder(DataOutput out) implements Command.Visitor<Void> {

        private Void tagged(int tag, Wire.Fields fields) {
            return Wire.tagged(out, tag, fields);
        }

        @Override
        public Void acquire(Command.Acquire c) {
            return tagged('A', () -> {
                Wire.writeString(out, c.name());
                out.writeLong(c.ttl().toMillis());
                Wire.writeString(out, c.by());
            });
        }

        @Override
        public Void stage(Command.Stage c) {
            return tagged('S', () -> {
                Wire.writeString(out, c.name());
                writeEdit(out, c.edit());
                Wire.writeString(out, c.by());
            });
        }

        @Override
        public Void commit(Command.Commit c) {
            fenced(c.fence());
            return tagged('C', () -> {
                Wire.writeString(out, c.name());
                Wire.writeString(out, c.by());
            });
        }

        @Override
        public Void abort(Command.Abort c) {
            return tagged('X', () -> {
                Wire.writeString(out, c.name());
                Wire.writeString(out, c.by());
            });
        }

        @Override
        public Void seed(Command.Seed c) {
            return tagged('0', () -> writeVersion(out, c.version()));
        }

        @Override
        public Void expire(Command.Expire c) {
            return tagged('E', () -> { });
        }

        @Override
        public Void patch(Command.PatchDocument c) {
            fenced(c.fence());
            return tagged('P', () -> {
                writeEdit(out, c.edit());
                out.writeLong(c.expectedSeq() == null ? -1 : c.expectedSeq());
                Wire.writeString(out, c.by());
            });
        }

        @Override
        public Void createHook(Command.CreateHook c) {
            if (c.group() != null) {
                return tagged('G', () -> {
                    Wire.writeString(out, c.name());
                    CoordinationCodec.writeGroup(out, c.group());
                    Wire.writeString(out, c.url());
                });
            }
            return tagged('H', () -> {
                Wire.writeString(out, c.name());
                Wire.writeString(out, c.path());
                Wire.writeString(out, c.url());
            });
        }

        @Override
        public Void deleteHook(Command.DeleteHook c) {
            return tagged('h', () -> Wire.writeString(out, c.name()));
        }

        @Override
        public Void hookDelivered(Command.HookDelivered c) {
            return tagged('D', () -> {
                Wire.writeString(out, c.name());
                out.writeLong(c.seq());
            });
        }

        @Override
        public Void coordinate(Command.Coordinating c) {
            CoordinationCodec.write(out, c);
            return null;
        }

        /** A fence goes before the command it guards, so an unfenced write is encoded exactly as before fences. */
        private void fenced(Fence fence) {
            try {
                CoordinationCodec.writeFence(out, fence);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a byte array does not fail
            }
        }
    }

    private static Command readCommand(DataInput in, java.time.Instant now, byte format) throws IOException {
        byte type = in.readByte();
        return switch (type) {
            case 'A' -> new Command.Acquire(Wire.readString(in), Duration.ofMillis(in.readLong()), by(in, format), now);
            case 'S' -> new Command.Stage(Wire.readString(in), readEdit(in), by(in, format), now);
            case 'C' -> new Command.Commit(Wire.readString(in), by(in, format), now);
            case 'X' -> new Command.Abort(Wire.readString(in), by(in, format), now);
            case 'E' -> new Command.Expire(now);
            case 'P' -> {
                Edit edit = readEdit(in);
                long expected = in.readLong();
                yield new Command.PatchDocument(edit, expected < 0 ? null : expected, by(in, format), now);
            }
            case '0' -> new Command.Seed(readVersion(in, format), now);
            case 'H' -> new Command.CreateHook(Wire.readString(in), Wire.readString(in), Wire.readString(in), now);
            case 'G' -> new Command.CreateHook(Wire.readString(in), null, CoordinationCodec.readGroup(in),
                    Wire.readString(in), now);
            case 'h' -> new Command.DeleteHook(Wire.readString(in), now);
            case 'D' -> new Command.HookDelivered(Wire.readString(in), in.readLong(), now);
            case CoordinationCodec.FENCE -> fenced(CoordinationCodec.readFence(in), readCommand(in, now, format));
            default -> CoordinationCodec.read(type, in, now);
        };
    }

    private static Command fenced(Fence fence, Command command) throws IOException {
        if (command instanceof Command.PatchDocument p) {
            return new Command.PatchDocument(p.edit(), p.expectedSeq(), p.by(), fence, p.now());
        }
        if (command instanceof Command.Commit c) {
            return new Command.Commit(c.name(), c.by(), fence, c.now());
        }
        throw new IOException("a fence on " + command.getClass().getSimpleName() + ", which takes none");
    }

    private static void writeVersion(DataOutput out, Version version) throws IOException {
        writeVersionHeader(out, version);
        Wire.writeJson(out, version.root());
    }

    private static String by(DataInput in, byte format) throws IOException {
        return format >= 2 ? Wire.readString(in) : null;
    }

    private static Version readVersion(DataInput in, byte format) throws IOException {
        return readVersionHeader(in, Wire::readObject, format >= 2);
    }

    /** Everything of a version but its document. */
    static void writeVersionHeader(DataOutput out, Version version) throws IOException {
        out.writeLong(version.seq());
        Wire.writeInstant(out, version.timestamp());
        Wire.writeString(out, version.lock());
        Wire.writeString(out, version.by());
        out.writeInt(version.changed().size());
        for (String pointer : version.changed()) {
            Wire.writeString(out, pointer);
        }
        out.writeLong(version.index());
    }

    /**
     * Reads what {@link #writeVersionHeader} wrote; the document is read after it, by
     * {@code documentAfter}, or is null (a snapshot that names the version without carrying it).
     */
    static Version readVersionHeader(DataInput in, DocumentReader documentAfter, boolean withBy) throws IOException {
        long seq = in.readLong();
        java.time.Instant timestamp = Wire.readInstant(in);
        String lock = Wire.readString(in);
        String by = withBy ? Wire.readString(in) : null;
        int changedCount = in.readInt();
        List<String> changed = new ArrayList<>(Math.min(changedCount, 1024));
        for (int i = 0; i < changedCount; i++) {
            changed.add(Wire.readString(in));
        }
        long index = in.readLong();
        return new Version(seq, documentAfter.read(in), timestamp, lock, by, changed, index);
    }

    /** Reads the document that follows a version header, or returns null when there is none. */
    interface DocumentReader {
        dev.lighthouse.tree.ObjectNode read(DataInput in) throws IOException;
    }

    private static void writeEdit(DataOutput out, Edit edit) throws IOException {
        if (edit instanceof Edit.Put e) {
            out.writeByte('p');
            Wire.writeString(out, e.path().pointer());
            Wire.writeJson(out, e.value());
        } else if (edit instanceof Edit.Delete e) {
            out.writeByte('d');
            Wire.writeString(out, e.path().pointer());
        } else if (edit instanceof Edit.Merge e) {
            out.writeByte('m');
            Wire.writeString(out, e.path().pointer());
            Wire.writeJson(out, e.patch());
        } else if (edit instanceof Edit.Patch e) {
            out.writeByte('j');
            ArrayNode.Builder ops = new ArrayNode.Builder();
            e.ops().forEach(op -> ops.add(op.toNode()));
            Wire.writeJson(out, ops.build());
        } else {
            throw new IllegalArgumentException("no encoding for " + edit);
        }
    }

    private static Edit readEdit(DataInput in) throws IOException {
        byte type = in.readByte();
        return switch (type) {
            case 'p' -> new Edit.Put(JsonPath.fromPointer(Wire.readString(in)), Wire.readJson(in));
            case 'd' -> new Edit.Delete(JsonPath.fromPointer(Wire.readString(in)));
            case 'm' -> new Edit.Merge(JsonPath.fromPointer(Wire.readString(in)), Wire.readJson(in));
            case 'j' -> {
                List<PatchOp> ops = JsonPatch.parse(Wire.readJson(in), JsonPath.ROOT);
                yield new Edit.Patch(ops);
            }
            default -> throw new IOException("unknown edit type " + type);
        };
    }
}
