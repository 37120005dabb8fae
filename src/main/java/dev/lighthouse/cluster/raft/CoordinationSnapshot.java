package dev.lighthouse.cluster.raft;

import dev.lighthouse.coord.Coordination;
import dev.lighthouse.coord.Group;
import dev.lighthouse.coord.Member;
import dev.lighthouse.coord.Session;
import dev.lighthouse.tree.JsonPath;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The coordination state in a Raft snapshot ({@link SnapshotCodec} format 4 on): every session,
 * every group with its members in rank order, the counter and the term. Sessions and groups are
 * in no file of data.d, so a node restarted or caught up by snapshot has them from here alone;
 * every field is written exactly (times to the nanosecond), since a replica that rebuilt its
 * state from a snapshot must go on exactly like one that applied every command.
 *
 * <pre>
 * u32 sessions { id, name, ttl, owner, created, checkpoint }*
 * u32 groups   { pointer, limit u32, rev u64, u32 members { name, session, value, token u64, since }* }*
 * counter u64, term u64
 * </pre>
 */
final class CoordinationSnapshot {

    /** Lists grow as they are read: a count is only believed as far as the bytes behind it go. */
    private static final int INITIAL_CAPACITY = 1024;

    private CoordinationSnapshot() {
    }

    static void write(DataOutput out, Coordination coordination) throws IOException {
        List<Session> sessions = coordination.sessions().values();
        out.writeInt(sessions.size());
        for (Session session : sessions) {
            Wire.writeString(out, session.id());
            Wire.writeString(out, session.name());
            CoordinationCodec.writeDuration(out, session.ttl());
            Wire.writeString(out, session.owner());
            Wire.writeInstant(out, session.created());
            CoordinationCodec.writeDuration(out, session.checkpoint());
        }
        List<Group> groups = coordination.groups().values();
        out.writeInt(groups.size());
        for (Group group : groups) {
            CoordinationCodec.writeGroup(out, group.name());
            out.writeInt(group.limit());
            out.writeLong(group.rev());
            out.writeInt(group.members().size());
            for (Member member : group.members()) {
                Wire.writeString(out, member.name());
                Wire.writeString(out, member.session());
                Wire.writeJson(out, member.value());
                out.writeLong(member.token());
                Wire.writeInstant(out, member.since());
            }
        }
        out.writeLong(coordination.counter());
        out.writeLong(coordination.term());
    }

    /** @throws IOException for a state no sequence of commands could have left (see {@link Coordination#restored}) */
    static Coordination read(DataInput in) throws IOException {
        int sessionCount = count(in, "sessions");
        List<Session> sessions = new ArrayList<>(Math.min(sessionCount, INITIAL_CAPACITY));
        for (int i = 0; i < sessionCount; i++) {
            sessions.add(new Session(Wire.readString(in), Wire.readString(in), CoordinationCodec.readDuration(in),
                    Wire.readString(in), Wire.readInstant(in), CoordinationCodec.readDuration(in)));
        }
        int groupCount = count(in, "groups");
        List<Group> groups = new ArrayList<>(Math.min(groupCount, INITIAL_CAPACITY));
        try {
            for (int i = 0; i < groupCount; i++) {
                groups.add(readGroup(in));
            }
            return Coordination.restored(sessions, groups, in.readLong(), in.readLong());
        } catch (IllegalArgumentException e) {
            throw new IOException("the snapshot's sessions and groups are inconsistent: " + e.getMessage(), e);
        }
    }

    private static Group readGroup(DataInput in) throws IOException {
        JsonPath name = CoordinationCodec.readGroup(in);
        int limit = in.readInt();
        long rev = in.readLong();
        int memberCount = count(in, "members");
        List<Member> members = new ArrayList<>(Math.min(memberCount, INITIAL_CAPACITY));
        for (int i = 0; i < memberCount; i++) {
            members.add(new Member(Wire.readString(in), Wire.readString(in), Wire.readJson(in), in.readLong(),
                    Wire.readInstant(in)));
        }
        return Group.restored(name, limit, rev, members);
    }

    /** A negative count is a damaged snapshot. */
    private static int count(DataInput in, String what) throws IOException {
        int count = in.readInt();
        if (count < 0) {
            throw new IOException("the snapshot lists " + count + " " + what);
        }
        return count;
    }
}
