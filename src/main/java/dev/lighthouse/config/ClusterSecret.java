package dev.lighthouse.config;

/**
 * The secret every member of a cluster shares; cluster traffic is encrypted and authenticated
 * with a key derived from it (see docs/security.md). {@link #toString()} never shows it.
 *
 * @param secret the secret's text, surrounding white space removed
 * @param origin where it came from ("secretFile /etc/lighthouse/cluster.secret"), for messages
 */
public record ClusterSecret(String secret, String origin) {

    /** Shorter secrets are refused: the key is only as hard to guess as the secret. */
    public static final int MIN_LENGTH = 16;

    public ClusterSecret {
        if (secret.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the cluster secret (" + origin + ") must be at least " + MIN_LENGTH
                    + " characters; make one with: openssl rand -base64 32");
        }
    }

    @Override
    public String toString() {
        return "ClusterSecret[" + origin + "]";
    }
}
