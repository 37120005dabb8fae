package dev.lighthouse.http;

import dev.lighthouse.config.TlsConfig;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A connector that speaks HTTPS from the configured keystore. Connections that do not open
 * with a TLS handshake are still accepted as plain HTTP, only so that {@link HttpsOnly} can
 * tell the client it dialled the wrong scheme instead of leaving it with a reset connection.
 */
final class HttpsConnector {

    private HttpsConnector() {
    }

    /** @param http the settings every request shares; a copy gains the TLS request customiser */
    static ServerConnector create(Server server, HttpConfiguration http, TlsConfig tls) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(tls.loadKeystore());
        ssl.setKeyStorePassword(tls.keystorePassword());
        switch (tls.clientAuth()) {
            case NEED -> ssl.setNeedClientAuth(true);
            case WANT -> ssl.setWantClientAuth(true);
            case NONE -> { }
        }
        if (tls.truststore() != null) {
            ssl.setTrustStore(tls.loadTruststore());
            ssl.setTrustStorePassword(tls.truststorePassword());
        }
        HttpConfiguration https = new HttpConfiguration(http);
        https.addCustomizer(new SecureRequestCustomizer());
        HttpConnectionFactory httpFactory = new HttpConnectionFactory(https);
        SslConnectionFactory tlsFactory = new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString());
        return new ServerConnector(server, new DetectorConnectionFactory(tlsFactory), httpFactory);
    }
}
