package dev.lighthouse.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The members' own messages beside Raft's (status, join and removal requests, session renewals):
 * a type byte and a body, sent over the cluster channel and handed to the
 * handler registered for the type. A message that cannot be sent is dropped
 * (each kind is repeated or answered within a timeout by its sender); one that
 * cannot be read is logged and ignored.
 */
final class ClusterMessages {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMessages.class);

    static final byte STATUS = 'S';
    static final byte JOIN = 'J';
    static final byte REMOVE = 'D';
    static final byte REMOVED = 'd';
    /**
     * A batch of renewals and its answer. Not 'R' and 'r', which carried one renewal each before
     * renewals were batched: a member still on that build ignores these, and is ignored, rather
     * than misread them (its clients' renewals time out and move to another member).
     */
    static final byte RENEW = 'B';
    static final byte RENEWED = 'b';

    /** Writes a message's body. */
    interface Body {
        void writeTo(DataOutputStream out) throws IOException;
    }

    /** Reads one kind of message. */
    interface Handler {
        void handle(Address from, DataInputStream in) throws IOException;
    }

    private final Map<Byte, Handler> handlers = new ConcurrentHashMap<>();
    private volatile JChannel channel;

    void on(byte type, Handler handler) {
        handlers.put(type, handler);
    }

    /** The channel to send on, once it exists (messages sent before are dropped). */
    void attach(JChannel connected) {
        this.channel = connected;
    }

    /** @param to the member, or null for every member */
    void send(Address to, byte type, Body body) {
        JChannel sending = channel;
        if (sending == null) {
            return;
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(type);
            body.writeTo(out);
            out.flush();
            sending.send(new BytesMessage(to, bytes.toByteArray()));
        } catch (Exception e) {
            LOG.debug("could not send cluster message: {}", e.toString());
        }
    }

    void receive(Message message) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(message.getArray(),
                    message.getOffset(), message.getLength()));
            byte type = in.readByte();
            Handler handler = handlers.get(type);
            if (handler == null) {
                LOG.debug("ignoring cluster message of type {}", type);
                return;
            }
            handler.handle(message.src(), in);
        } catch (IOException | RuntimeException e) {
            LOG.warn("unreadable cluster message from {}: {}", message.src(), e.toString());
        }
    }
}
