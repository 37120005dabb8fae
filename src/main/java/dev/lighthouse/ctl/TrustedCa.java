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
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** {@code --ca FILE}: https connections trust exactly the certificates in a PEM file (and not the JDK's defaults). */
final class TrustedCa {

    private TrustedCa() {
    }

    /** @throws CtlFailure a usage error naming the file when it cannot be read or holds no certificate */
    static SSLSocketFactory load(Path pem) {
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
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException e) {
            throw CtlFailure.usage("cannot read --ca " + pem + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw CtlFailure.usage("--ca " + pem + " is not a PEM certificate file: " + e.getMessage());
        }
    }
}
