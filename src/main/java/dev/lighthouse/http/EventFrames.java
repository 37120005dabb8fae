package dev.lighthouse.http;

import dev.lighthouse.tree.Node;
import dev.lighthouse.watch.Change;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Server-sent event frames for {@code /watch}: {@code id: <seq>}, then
 * {@code event: value} with the compact JSON value as data, or
 * {@code event: absent} with empty data. A resynchronised answer is preceded
 * by {@code event: resync} under the same id, so a client can tell that it
 * missed versions that history no longer holds.
 */
final class EventFrames {

    /** Made once per change: one commit wakes every stream on a path with the same {@link Change}. */
    private static final Function<Change, byte[]> FRAME = change -> build(change, change.value());

    private EventFrames() {
    }

    static byte[] of(Change change) {
        return change.derived(FRAME);
    }

    /** The frame of a stream that asked for outlines ({@code ?outline=true}): the value's outline as data. */
    static byte[] outlined(Change change, Outline outline) {
        return build(change, change.value() == null ? null : outline.of(change.value()));
    }

    private static byte[] build(Change change, Node value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String id = "id: " + change.version().seq() + "\n";
        if (change.resync()) {
            ascii(out, id + "event: resync\ndata: \n\n");
        }
        ascii(out, id);
        if (value == null) {
            ascii(out, "event: absent\ndata: \n\n");
        } else {
            ascii(out, "event: value\ndata: ");
            // Compact JSON escapes control characters, so the value is one data line.
            byte[] json = value.jsonBytes();
            out.write(json, 0, json.length - 1);
            ascii(out, "\n\n");
        }
        return out.toByteArray();
    }

    private static void ascii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
