package dev.lighthouse.cluster.raft;

import dev.lighthouse.apply.Applier;
import dev.lighthouse.apply.LockState;
import dev.lighthouse.apply.StoreState;
import dev.lighthouse.coord.Coordination;
import dev.lighthouse.store.Hook;
import dev.lighthouse.store.HookSet;
import dev.lighthouse.store.Version;
import dev.lighthouse.tree.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The applier's state as a Raft snapshot. A node's own snapshots name the
 * current version by seq and checksum only: its document is already durable
 * in data.d, so the document costs a few hundred bytes whatever its size.
 * Snapshots sent to a member that is behind carry the whole document. Both
 * carry the sessions and groups whole ({@link CoordinationSnapshot}): no file
 * in data.d holds them.
 */
final class SnapshotCodec {

    /**
     * 2 added the hooks, 3 the lock's owner and versions' author, 4 the coordination state and the
     * refused fences, 5 hooks on groups; 1 to 4 are still read (1 to 3 with no sessions or groups,
     * 1 to 4 with path hooks only: no build that wrote them had any others).
     */
    private static final byte FORMAT = 5;

    private SnapshotCodec() {
    }

    /**
     * A decoded snapshot.
     *
     * @param version   the current version; for a pointer snapshot its root is null
     * @param checksum  the current version's checksum
     * @param coordination   sessions and groups as of {@code index}
     * @param refusedFences  see {@link RefusedFences}; none in a snapshot sent to another member
     */
    record Snapshot(boolean seeded, long index, Instant clock, Version version, String checksum, LockState lock,
                    HookSet hooks, Coordination coordination, List<Long> refusedFences) {
        boolean whole() {
            return version.root() != null;
        }
    }

    /**
     * @param index         the Raft log index the state is as of: the commit index, which counts
     *                      membership entries the applier never sees
     * @param refusedFences the log indexes of fenced writes refused, for this node's own start-up
     */
    static void write(DataOutput out, Applier applier, long index, boolean whole, Collection<Long> refusedFences)
            throws IOException {
        StoreState state = applier.state();
        Version current = state.current();
        out.writeByte(FORMAT);
        out.writeBoolean(whole);
        out.writeBoolean(applier.seeded());
        out.writeLong(Math.max(index, applier.appliedIndex()));
        Wire.writeInstant(out, applier.clock());
        Wire.writeString(out, current.checksum());
        CommandCodec.writeVersionHeader(out, current);
        if (whole) {
            Wire.writeJson(out, current.root());
        }
        LockState lock = state.lock();
        out.writeBoolean(lock != null);
        if (lock != null) {
            Wire.writeString(out, lock.name());
            Wire.writeString(out, lock.owner());
            Wire.writeInstant(out, lock.since());
            Wire.writeInstant(out, lock.expires());
            out.writeLong(lock.ttl().toMillis());
            out.writeLong(lock.base());
            out.writeInt(lock.staged());
            boolean unchanged = lock.document().sameAs(current.root());
            out.writeBoolean(unchanged);
            if (!unchanged) {
                Wire.writeJson(out, lock.document());
            }
        }
        HookSet hooks = state.hooks();
        out.writeLong(hooks.index());
        out.writeInt(hooks.all().size());
        for (Hook hook : hooks.all()) {
            Wire.writeString(out, hook.name());
            Wire.writeString(out, hook.path());
            Wire.writeString(out, hook.url());
            out.writeLong(hook.delivered());
            out.writeBoolean(hook.onGroup());
            if (hook.onGroup()) {
                CoordinationCodec.writeGroup(out, hook.group());
                out.writeLong(hook.emptied());
            }
        }
        CoordinationSnapshot.write(out, state.coordination());
        out.writeInt(refusedFences.size());
        for (long refused : refusedFences) {
            out.writeLong(refused);
        }
    }

    private static Hook readHook(DataInput in, byte format) throws IOException {
        String name = Wire.readString(in);
        String path = Wire.readString(in);
        String url = Wire.readString(in);
        long delivered = in.readLong();
        if (format >= 5 && in.readBoolean()) {
            return Hook.onGroup(name, CoordinationCodec.readGroup(in), url, delivered, in.readLong());
        }
        return new Hook(name, path, url, delivered);
    }

    /** The log index a snapshot is as of, read without the rest (which may hold a large staged document). */
    static long peekIndex(byte[] snapshot, int offset) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot, offset, snapshot.length - offset));
        checkFormat(in);
        in.readBoolean();
        in.readBoolean();
        return in.readLong();
    }

    private static byte checkFormat(DataInput in) throws IOException {
        byte format = in.readByte();
        if (format > FORMAT || format < 1) {
            throw new IOException("snapshot format " + format + " is newer than this build understands");
        }
        return format;
    }

    static Snapshot read(DataInput in) throws IOException {
        return read(in, true);
    }

    /**
     * @param documents false to skip the documents (the whole snapshot's and the staged one, which
     *                  may be large) when only the rest is wanted: the version's root and the lock's
     *                  document are then null, and {@link Snapshot#whole} is false
     */
    static Snapshot read(DataInput in, boolean documents) throws IOException {
        byte format = checkFormat(in);
        boolean whole = in.readBoolean();
        boolean seeded = in.readBoolean();
        long index = in.readLong();
        Instant clock = Wire.readInstant(in);
        String checksum = Wire.readString(in);
        CommandCodec.DocumentReader document = documents ? Wire::readObject : skipped -> {
            Wire.skipJson(skipped);
            return null;
        };
        Version version = CommandCodec.readVersionHeader(in, whole ? document : none -> null, format >= 3);
        ObjectNode root = version.root();
        LockState lock = null;
        if (in.readBoolean()) {
            String name = Wire.readString(in);
            String owner = format >= 3 ? Wire.readString(in) : null;
            Instant since = Wire.readInstant(in);
            Instant expires = Wire.readInstant(in);
            Duration ttl = Duration.ofMillis(in.readLong());
            long base = in.readLong();
            int stagedEdits = in.readInt();
            ObjectNode staged = in.readBoolean() ? root : document.read(in);
            lock = new LockState(name, owner, since, expires, ttl, base, staged, stagedEdits);
        }
        HookSet hooks = HookSet.EMPTY;
        if (format >= 2) {
            long hooksIndex = in.readLong();
            int count = in.readInt();
            List<Hook> list = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                list.add(readHook(in, format));
            }
            hooks = HookSet.of(list, hooksIndex);
        }
        Coordination coordination = Coordination.EMPTY;
        List<Long> refusedFences = List.of();
        if (format >= 4) {
            coordination = CoordinationSnapshot.read(in);
            int count = in.readInt();
            List<Long> refused = new ArrayList<>(Math.min(Math.max(count, 0), 1024));
            for (int i = 0; i < count; i++) {
                refused.add(in.readLong());
            }
            refusedFences = List.copyOf(refused);
        }
        return new Snapshot(seeded, index, clock, version, checksum, lock, hooks, coordination, refusedFences);
    }
}
