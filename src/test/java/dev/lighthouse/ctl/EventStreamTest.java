package dev.lighthouse.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventStreamTest {

    private static EventStream stream(String text) {
        return new EventStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsValueAndAbsentEventsAndSkipsHeartbeats() throws Exception {
        EventStream events = stream(": hello\n\nid: 7\nevent: value\ndata: {\"a\":1}\n\n:\n\nid: 8\nevent: absent\ndata: \n\n");
        assertEquals(new EventStream.Event("7", "value", "{\"a\":1}", false), events.next());
        assertEquals(new EventStream.Event("8", "absent", "", false), events.next());
        assertNull(events.next());
        assertEquals("8", events.lastId());
    }

    @Test
    void anEventWithoutDataIsStillDeliveredAndTheIdCarriesOver() throws Exception {
        EventStream events = stream("id: 3\nevent: resync\n\nevent: value\ndata:5\n\n");
        assertEquals(new EventStream.Event("3", "resync", "", false), events.next());
        assertEquals(new EventStream.Event("3", "value", "5", false), events.next());
    }

    @Test
    void acceptsCrLfAndCrLineEndsAndJoinsDataLines() throws Exception {
        EventStream events = stream("id: 1\r\nevent: value\r\ndata: a\rdata: b\r\n\r\n");
        assertEquals(new EventStream.Event("1", "value", "a\nb", false), events.next());
    }

    @Test
    void anUnfinishedEventAtTheEndIsDropped() throws Exception {
        EventStream events = stream("id: 1\nevent: value\ndata: 1\n\nid: 2\nevent: value\ndata: 2\n");
        assertEquals("1", events.next().data());
        assertNull(events.next());
    }

    @Test
    void aMessageWithoutANameIsAMessage() throws Exception {
        assertEquals(new EventStream.Event(null, "message", "x", true), stream("data: x\nresync: true\n\n").next());
    }
}
