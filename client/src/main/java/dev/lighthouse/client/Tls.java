package dev.lighthouse.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS as a Lighthouse deployment uses it: trust exactly the CA certificates in a PEM file
 * (instead of the JDK's defaults), and present a client certificate from a PKCS#12 file to a
 * server that asks for one.
 */
public final class Tls {

    private Tls() {
    }

    /**
     * @param caPem       PEM file of the certificates to trust, or null for the JDK's defaults
     * @param clientP12   PKCS#12 file with the client's key and certificate, or null for none
     * @param p12Password its password (may be empty)
     * @throws IllegalArgumentException naming the file that cannot be used, and why
     */
    public static SSLContext context(Path caPem, Path clientP12, char[] p12Password) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(clientP12 == null ? null : keyManagers(clientP12, p12Password),
                    caPem == null ? null : trustManagers(caPem), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(pem + " holds no certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            return trust.getTrustManagers();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + pem + ": " + why(e), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(pem + " is not a PEM certificate file", e);
        }
    }

    private static KeyManager[] keyManagers(Path p12, char[] password) {
        char[] secret = password == null ? new char[0] : password;
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, secret);
            return keys.getKeyManagers();
        } catch (IOException e) {
            boolean wrongPassword = e.getCause() instanceof UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).contains("password");
            throw new IllegalArgumentException("cannot read " + p12 + ": "
                    + (wrongPassword ? "wrong or missing password" : why(e)), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(p12 + " is not a PKCS#12 file with a key", e);
        }
    }

    /** Why a file could not be read, in words rather than the JDK's exception text. */
    private static String why(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getCause() instanceof GeneralSecurityException || e.getMessage() == null ? "not a file of that kind"
                : e.getMessage();
    }
}
