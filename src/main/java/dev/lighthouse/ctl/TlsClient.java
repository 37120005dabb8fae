package dev.lighthouse.ctl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * https as {@code --ca} and {@code --cert} ask: trust exactly the certificates in a PEM file
 * (instead of the JDK's defaults), and present a client certificate from a PKCS#12 file (for a
 * server whose {@code clientAuth} is {@code need}). The PKCS#12 password comes from the
 * environment, never the command line, where {@code ps} would show it.
 */
final class TlsClient {

    static final String CERT_PASSWORD_ENV = "LIGHTHOUSE_CERT_PASSWORD";

    private TlsClient() {
    }

    /**
     * @return the socket factory, or null when neither file is given (the JDK's defaults)
     * @throws CtlFailure a usage error naming the file when it cannot be used
     */
    static SSLSocketFactory socketFactory(Path ca, Path cert, String certPassword) {
        if (ca == null && cert == null) {
            return null;
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(cert == null ? null : keyManagers(cert, certPassword), ca == null ? null : trustManagers(ca),
                    null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw CtlFailure.usage("cannot set up TLS: " + e.getMessage());
        }
    }

    private static TrustManager[] trustManagers(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw CtlFailure.usage("--ca " + pem + " holds no certificate");
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
            throw CtlFailure.usage("cannot read --ca " + pem + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw CtlFailure.usage("--ca " + pem + " is not a PEM certificate file: " + e.getMessage());
        }
    }

    private static KeyManager[] keyManagers(Path p12, String password) {
        char[] secret = password == null ? new char[0] : password.toCharArray();
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, secret);
            return keys.getKeyManagers();
        } catch (IOException e) {
            String why = e.getCause() instanceof java.security.UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).contains("password")
                    ? "wrong or missing password (set " + CERT_PASSWORD_ENV + ")" : e.getMessage();
            throw CtlFailure.usage("cannot read --cert " + p12 + ": " + why);
        } catch (GeneralSecurityException e) {
            throw CtlFailure.usage("--cert " + p12 + " is not a PKCS#12 file with a key: " + e.getMessage());
        }
    }
}
