package dev.lighthouse.client;

import java.util.function.Consumer;

/**
 * Assembles server-sent events from lines: {@code id:}, {@code event:} and {@code data:}
 * fields, an empty line ending each event, comments ({@code :}, the server's heartbeats) ignored.
 */
final class ServerSentEvents {

    /** One event; {@code id} is null when the event named none. */
    record Event(String id, String name, String data) {
    }

    private final Consumer<Event> sink;
    private String id;
    private String name;
    private StringBuilder data;

    ServerSentEvents(Consumer<Event> sink) {
        this.sink = sink;
    }

    void line(String line) {
        if (line.isEmpty()) {
            if (name != null || data != null) {
                sink.accept(new Event(id, name == null ? "message" : name, data == null ? "" : data.toString()));
            }
            id = null;
            name = null;
            data = null;
            return;
        }
        if (line.startsWith(":")) {
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "id" -> id = value;
            case "event" -> name = value;
            case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            default -> {
                // retry: and unknown fields: nothing this client needs
            }
        }
    }
}
