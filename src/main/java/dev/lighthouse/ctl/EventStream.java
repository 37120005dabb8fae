package dev.lighthouse.ctl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Server-sent events read from a {@code text/event-stream}, one event at a time, as the
 * WHATWG HTML standard parses them: lines end with LF, CRLF or CR; {@code field: value}
 * lines (one optional space after the colon); {@code :} comments (heartbeats) ignored;
 * a blank line ends an event; {@code id} is kept for the events after it. Unlike a browser,
 * an event with a type but no data line is delivered too ({@code absent} has empty data).
 * Not thread-safe.
 */
final class EventStream {

    /** One event: {@code id} is the last id seen (null before any), {@code type} {@code message} unless named. */
    record Event(String id, String type, String data, boolean resync) {
    }

    private final PushbackInputStream in;
    private String lastId;

    EventStream(InputStream in) {
        this.in = new PushbackInputStream(in, 1);
    }

    /** The next event, or null when the stream ends (an unfinished last event is dropped). */
    Event next() throws IOException {
        String type = null;
        StringBuilder data = null;
        boolean fields = false;
        boolean resync = false;
        String line;
        while ((line = readLine()) != null) {
            if (line.isEmpty()) {
                if (fields) {
                    return new Event(lastId, type == null ? "message" : type, data == null ? "" : data.toString(), resync);
                }
                continue;
            }
            if (line.charAt(0) == ':') {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> type = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                case "id" -> {
                    if (value.indexOf('\0') < 0) {
                        lastId = value;
                    }
                }
                case "resync" -> resync = !value.equals("false");
                default -> {
                    // retry and unknown fields: nothing to do
                }
            }
            fields = true;
        }
        return null;
    }

    /** The id of the last event read. */
    String lastId() {
        return lastId;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            if (b == '\r') {
                int after = in.read();
                if (after >= 0 && after != '\n') {
                    in.unread(after);
                }
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return null;
    }
}
