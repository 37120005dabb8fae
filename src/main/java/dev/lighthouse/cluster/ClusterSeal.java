package dev.lighthouse.cluster;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.jgroups.BytesMessage;
import org.jgroups.Message;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.Discovery;
import org.jgroups.protocols.PingData;
import org.jgroups.protocols.TCPPING;
import org.jgroups.stack.Protocol;
import org.jgroups.util.ByteArray;
import org.jgroups.util.FastArray;
import org.jgroups.util.MessageBatch;
import org.jgroups.util.Util;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals cluster traffic with the shared secret, right above the transport: every message from
 * discovery up (joins, views, failure detection, Raft) travels as one AES-256-GCM ciphertext of
 * the whole message, headers included, so a node without the secret can neither read the
 * traffic, nor find the cluster, nor inject or alter anything; its traffic is dropped here
 * and {@link Refusals} says why in the log.
 *
 * <p>JGroups' own SYM_ENCRYPT is not used: it sends messages without a payload (a join request,
 * for one) unencrypted and unauthenticated, encrypts only the payload of the others (the
 * headers of GMS, NAKACK2 and RAFT stay in clear), and initialises its ciphers with an
 * {@code IvParameterSpec}, which AES/GCM refuses, so it offers no authenticated mode.
 *
 * <p>Without a secret this layer passes everything through, but still drops sealed traffic
 * (with a warning) rather than hand ciphertext to the protocols above it. Recorded traffic
 * replayed later is not detected here; see docs/security.md.
 */
public final class ClusterSeal extends Protocol {

    static final short PROTOCOL_ID = 2900;
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSeal.class);
    private static final short PING_ID = ClassConfigurator.getProtocolId(TCPPING.class);
    private static final int TAG_BITS = 128;
    private static final int NONCE_BYTES = 12;
    /** Sessions remembered for their keys; past this the cache starts over (forged ids, most likely). */
    private static final int MAX_SESSIONS = 1024;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(ClusterSeal::newCipher);

    static {
        ClassConfigurator.addProtocol(PROTOCOL_ID, ClusterSeal.class);
        SealHeader.register();
    }

    private final ClusterKey key;
    private final byte[] label;
    private final long sessionHigh = RANDOM.nextLong();
    private final long sessionLow = RANDOM.nextLong();
    private final SecretKey sendKey;
    private final AtomicLong sent = new AtomicLong();
    private final Map<Session, SecretKey> sessionKeys = new ConcurrentHashMap<>();
    private final Refusals refusals = new Refusals(LOG);

    private record Session(long high, long low) {
    }

    /**
     * @param key    the cluster's key, or null when this node has no secret
     * @param sender how this node names itself in others' warnings ("node1 (10.0.0.1:7800)")
     */
    ClusterSeal(ClusterKey key, String sender) {
        this.key = key;
        this.label = SealHeader.label(sender);
        this.sendKey = key == null ? null : key.sessionKey(sessionHigh, sessionLow);
        if (key != null) {
            sessionKeys.put(new Session(sessionHigh, sessionLow), sendKey);
        }
    }

    boolean encrypts() {
        return key != null;
    }

    @Override
    public Object down(Message msg) {
        if (key == null) {
            return down_prot.down(msg);
        }
        if (msg.getSrc() == null) {
            msg.setSrc(local_addr);
        }
        long counter = sent.incrementAndGet();
        byte[] sealed;
        try {
            ByteArray plain = Util.messageToBuffer(msg);
            sealed = crypt(Cipher.ENCRYPT_MODE, sendKey, counter, plain.getArray(), plain.getOffset(),
                    plain.getLength());
        } catch (Exception e) {
            throw new IllegalStateException("could not seal a cluster message: " + e, e);
        }
        Message out = new BytesMessage(msg.getDest(), sealed)
                .setFlag(msg.getFlags(), false)
                .setFlag(msg.getFlags(true), true)
                .setSrc(msg.getSrc())
                .putHeader(id, new SealHeader(sessionHigh, sessionLow, counter, label));
        return down_prot.down(out);
    }

    @Override
    public Object up(Message msg) {
        Message opened = open(msg);
        return opened == null ? null : up_prot.up(opened);
    }

    @Override
    public void up(MessageBatch batch) {
        FastArray<Message>.FastIterator it = batch.array().iterator();
        while (it.hasNext()) {
            Message msg = it.next();
            Message opened = open(msg);
            if (opened == null) {
                it.remove();
            } else if (opened != msg) {
                it.replace(opened);
            }
        }
        if (!batch.isEmpty()) {
            up_prot.up(batch);
        }
    }

    /** @return the message to pass up, or null when it is refused */
    private Message open(Message msg) {
        SealHeader seal = msg.getHeader(id);
        if (key == null) {
            if (seal != null) {
                refusals.refuse(seal.sender(), "it is encrypted with a cluster secret and this node has none;"
                        + " every member needs the same secret (docs/security.md)");
                return null;
            }
            return msg;
        }
        if (seal == null) {
            refusals.refuse(plainSender(msg), "it is not encrypted, so the sender has no cluster secret;"
                    + " every member needs the same secret (docs/security.md)");
            return null;
        }
        try {
            SecretKey sessionKey = sessionKey(seal);
            byte[] plain = crypt(Cipher.DECRYPT_MODE, sessionKey, seal.counter(), msg.getArray(), msg.getOffset(),
                    msg.getLength());
            return Util.messageFromBuffer(plain, 0, plain.length);
        } catch (AEADBadTagException e) {
            refusals.refuse(seal.sender(), "it does not decrypt with this node's cluster secret, so the sender holds"
                    + " a different one; every member needs the same secret (docs/security.md)");
        } catch (Exception e) {
            refusals.refuse(seal.sender(), "it decrypts but cannot be read (" + e + "); is it another version?");
        }
        return null;
    }

    private SecretKey sessionKey(SealHeader seal) {
        Session session = new Session(seal.sessionHigh(), seal.sessionLow());
        SecretKey known = sessionKeys.get(session);
        if (known != null) {
            return known;
        }
        if (sessionKeys.size() >= MAX_SESSIONS) {
            sessionKeys.keySet().removeIf(s -> s.high() != sessionHigh || s.low() != sessionLow);
        }
        return sessionKeys.computeIfAbsent(session, s -> key.sessionKey(s.high(), s.low()));
    }

    /** Unencrypted traffic names no sender we can trust; a discovery request at least says who sent it. */
    private static String plainSender(Message msg) {
        if (msg.getHeader(PING_ID) != null && msg.hasArray() && msg.getLength() > 0) {
            try {
                List<PingData> data = Discovery.deserialize(msg.getArray(), msg.getOffset(), msg.getLength());
                if (data != null && !data.isEmpty() && data.get(0).getPhysicalAddr() != null) {
                    PingData first = data.get(0);
                    return first.getLogicalName() + " (" + first.getPhysicalAddr().printIpAddress() + ")";
                }
            } catch (Exception e) {
                // not a readable discovery request after all; the address below will do
            }
        }
        return String.valueOf(msg.getSrc());
    }

    private static byte[] crypt(int mode, SecretKey key, long counter, byte[] in, int offset, int length)
            throws GeneralSecurityException {
        byte[] nonce = ByteBuffer.allocate(NONCE_BYTES).putLong(NONCE_BYTES - Long.BYTES, counter).array();
        Cipher cipher = CIPHERS.get();
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        return cipher.doFinal(in, offset, length);
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no AES/GCM", e);
        }
    }
}
