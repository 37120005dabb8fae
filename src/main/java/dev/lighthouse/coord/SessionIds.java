package dev.lighthouse.coord;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * New session ids: 128 bits from a cryptographic generator, as 32 lowercase hex digits. A
 * session's id is all a client needs to renew, end or join with it, so it must not be guessable
 * from others; the node that takes the request makes it, never the applier, which must give
 * the same result on every replica.
 */
public final class SessionIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SessionIds() {
    }

    public static String next() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return HexFormat.of().formatHex(bits);
    }
}
