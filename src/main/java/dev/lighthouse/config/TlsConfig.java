package dev.lighthouse.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.Locale;

/**
 * HTTPS for the HTTP port: the server's key and certificate from a PKCS#12 keystore and,
 * when clients must (or may) present a certificate, the CAs that issue them from a PKCS#12
 * truststore. Immutable; {@link #toString()} never shows a password.
 *
 * @param truststore null when {@code clientAuth} is {@link ClientAuth#NONE}
 */
public record TlsConfig(Path keystore, String keystorePassword, ClientAuth clientAuth, Path truststore,
                        String truststorePassword) {

    /** Whether clients are asked for a certificate signed by a CA in the truststore. */
    public enum ClientAuth {
        /** No client certificate is asked for. */
        NONE,
        /** Asked for; a client without one is served, one with an untrusted one is refused. */
        WANT,
        /** Required: the TLS handshake fails without a trusted client certificate. */
        NEED;

        /** @throws ConfigException naming the accepted values */
        static ClientAuth parse(String text, String where) {
            for (ClientAuth value : values()) {
                if (value.name().toLowerCase(Locale.ROOT).equals(text)) {
                    return value;
                }
            }
            throw new ConfigException(where + " must be \"none\", \"want\" or \"need\", not \"" + text + "\"");
        }
    }

    public TlsConfig {
        if ((clientAuth == ClientAuth.NONE) != (truststore == null)) {
            throw new IllegalArgumentException("a truststore goes with clientAuth want or need, and only with them");
        }
    }

    /** HTTPS without client certificates. */
    public static TlsConfig serverOnly(Path keystore, String keystorePassword) {
        return new TlsConfig(keystore, keystorePassword, ClientAuth.NONE, null, null);
    }

    /**
     * Reads the keystore and checks it holds a private key.
     *
     * @throws ConfigException one line naming the file and what is wrong with it
     */
    public KeyStore loadKeystore() {
        KeyStore store = load(keystore, keystorePassword, "keystore");
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    return store;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new ConfigException("keystore " + keystore + " is unreadable: " + e.getMessage());
        }
        throw new ConfigException("keystore " + keystore + " holds no private key (and certificate) for the server");
    }

    /**
     * Reads the truststore and checks it holds a certificate; null when none is configured.
     *
     * @throws ConfigException one line naming the file and what is wrong with it
     */
    public KeyStore loadTruststore() {
        if (truststore == null) {
            return null;
        }
        KeyStore store = load(truststore, truststorePassword, "truststore");
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias)) {
                    return store;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new ConfigException("truststore " + truststore + " is unreadable: " + e.getMessage());
        }
        throw new ConfigException("truststore " + truststore + " holds no trusted certificate");
    }

    /** Loads both stores, so that a bad file or password stops the start with its own message. */
    public void check() {
        loadKeystore();
        loadTruststore();
    }

    private static KeyStore load(Path file, String password, String what) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(what + " " + file + " does not exist or is not a file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return store;
        } catch (IOException e) {
            // PKCS#12 reports a wrong password as an IOException caused by an unrecoverable key.
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new ConfigException("the password for " + what + " " + file + " is wrong");
            }
            throw new ConfigException(what + " " + file + " is not a readable PKCS#12 file: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new ConfigException(what + " " + file + " is not a readable PKCS#12 file: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "TlsConfig[keystore=" + keystore + ", clientAuth=" + clientAuth + ", truststore=" + truststore + "]";
    }
}
