package dev.lighthouse.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.lighthouse.coord.Group;
import dev.lighthouse.coord.Member;
import dev.lighthouse.watch.GroupWatches.GroupState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JSON of groups as the SPEC lists it, written straight to bytes: building tree nodes would
 * hash every member object, and a group may have 10,000. Members' values are copied from their
 * cached compact JSON. Each reply ends with a newline, as every other JSON reply does.
 */
final class GroupJson {

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * The last group written and its bytes: one change wakes every long poll and stream on the
     * group with the same {@link Group}, so it is written once, not once per waiter.
     */
    private static volatile Object[] last = {null, null};
    /** Likewise the last event frame, for every stream on the group. */
    private static volatile Object[] lastEvent = {null, null};

    private GroupJson() {
    }

    /** {@code {"group","limit","rev","members":[{"member","session","value","rank","holder","token","since"}]}} */
    static byte[] group(Group group) {
        Object[] cached = last;
        if (cached[0] == group) {
            return (byte[]) cached[1];
        }
        byte[] json = write(out -> {
            out.writeStartObject();
            out.writeStringField("group", GroupTarget.text(group.name()));
            out.writeNumberField("limit", group.limit());
            out.writeNumberField("rev", group.rev());
            out.writeArrayFieldStart("members");
            List<Member> members = group.members();
            for (int i = 0; i < members.size(); i++) {
                Member member = members.get(i);
                out.writeStartObject();
                out.writeStringField("member", member.name());
                out.writeStringField("session", member.session());
                out.writeFieldName("value");
                out.writeRawValue(member.value().toJson());
                out.writeNumberField("rank", i + 1);
                out.writeBooleanField("holder", member.holder());
                out.writeNumberField("token", member.token());
                out.writeStringField("since", member.since().toString());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        });
        last = new Object[] {group, json};
        return json;
    }

    /** The reply to a join: {@code {"group","member","rank","holder","token","rev"}}. */
    static byte[] membership(Group group, Member member) {
        return write(out -> {
            out.writeStartObject();
            out.writeStringField("group", GroupTarget.text(group.name()));
            out.writeStringField("member", member.name());
            out.writeNumberField("rank", group.rank(member.name()));
            out.writeBooleanField("holder", member.holder());
            out.writeNumberField("token", member.token());
            out.writeNumberField("rev", group.rev());
            out.writeEndObject();
        });
    }

    /** {@code GET /groups}: {@code [{"group","members":<count>}]}, in the order given. */
    static byte[] list(List<Group> groups) {
        return write(out -> {
            out.writeStartArray();
            for (Group group : groups) {
                out.writeStartObject();
                out.writeStringField("group", GroupTarget.text(group.name()));
                out.writeNumberField("members", group.members().size());
                out.writeEndObject();
            }
            out.writeEndArray();
        });
    }

    /**
     * A server-sent event: {@code id: <rev>}, {@code event: members}, the group object as data
     * (compact JSON escapes control characters, so it is one data line).
     */
    static byte[] event(GroupState state) {
        Object[] cached = lastEvent;
        if (cached[0] == state) {
            return (byte[]) cached[1];
        }
        byte[] json = group(state.group());
        byte[] head = ("id: " + state.group().rev() + "\nevent: members\ndata: ").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[head.length + json.length + 1];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(json, 0, frame, head.length, json.length); // ends with the data line's newline
        frame[frame.length - 1] = '\n';
        lastEvent = new Object[] {state, frame};
        return frame;
    }

    private interface Writing {
        void to(JsonGenerator out) throws IOException;
    }

    private static byte[] write(Writing writing) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator out = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            writing.to(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }
}
