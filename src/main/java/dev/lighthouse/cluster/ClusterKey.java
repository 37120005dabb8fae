package dev.lighthouse.cluster;

import dev.lighthouse.config.ClusterSecret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys cluster traffic is sealed with, all derived from the shared secret (docs/security.md):
 * a master key by PBKDF2-HMAC-SHA256 over the secret's UTF-8 bytes with a fixed label as salt,
 * and from it one AES-256 key per sending session by HMAC-SHA256. A session is one run of one
 * node's channel, so no two senders and no two runs ever share a key, and a counter can serve
 * as the GCM nonce without repeating one for as long as a node runs. Thread-safe; opaque
 * outside this package, and never shown by {@link #toString()}.
 */
public final class ClusterKey {

    /** Slows guessing a weak secret from recorded traffic; costs a few tenths of a second at start. */
    static final int ITERATIONS = 100_000;
    private static final byte[] SALT = "lighthouse/cluster-secret/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SESSION_LABEL = "lighthouse/cluster-session/v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec master;
    private final String origin;

    private ClusterKey(byte[] master, String origin) {
        this.master = new SecretKeySpec(master, "HmacSHA256");
        this.origin = origin;
    }

    /** Deliberately slow (a few tenths of a second on a cold JVM): start it early, off the main thread. */
    public static ClusterKey derive(ClusterSecret secret) {
        PBEKeySpec spec = new PBEKeySpec(secret.secret().toCharArray(), SALT, ITERATIONS, 256);
        try {
            return new ClusterKey(SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec)
                    .getEncoded(), secret.origin());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot derive the cluster key (PBKDF2WithHmacSHA256)", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** Where the secret came from, for the log. */
    String origin() {
        return origin;
    }

    /** The AES key of the session with this 128-bit id. */
    SecretKey sessionKey(long idHigh, long idLow) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(master);
            mac.update(SESSION_LABEL);
            mac.update(ByteBuffer.allocate(16).putLong(idHigh).putLong(idLow).array());
            return new SecretKeySpec(mac.doFinal(), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot derive a session key (HmacSHA256)", e);
        }
    }

    @Override
    public String toString() {
        return "ClusterKey[" + origin + "]";
    }
}
