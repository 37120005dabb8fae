package dev.lighthouse.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.lighthouse.testing.Ctl;
import dev.lighthouse.testing.TestCerts;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How lighthousectl reaches a server: https trusting exactly the CA in {@code --ca}, and the
 * bearer token from LIGHTHOUSE_TOKEN. The server is a stand-in (the JDK's HttpsServer with a
 * self-signed certificate made by keytool) that records the Authorization header; TlsProcessIT
 * runs lighthousectl against a real bin/lighthouse serving HTTPS.
 */
class CtlTransportIT {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path temp;

    private static HttpsServer server;
    private static Path ca;
    private static final AtomicReference<String> authorization = new AtomicReference<>();

    @BeforeAll
    static void start() throws Exception {
        Path keystore = temp.resolve("server.p12");
        ca = temp.resolve("ca.pem");
        TestCerts.keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit");
        TestCerts.keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", ca.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/data/", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "\"over tls\"\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void httpsWorksWithTheCaGivenAndTheTokenIsSentAsBearer() throws Exception {
        Ctl.Result result = Ctl.of(url()).env("LIGHTHOUSE_TOKEN", "s3cr3t-t0ken").run("--ca", ca.toString(), "get", "--raw", "x");
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("over tls\n", result.out());
        assertEquals("Bearer s3cr3t-t0ken", authorization.get());
    }

    @Test
    void withoutATokenNoAuthorizationIsSent() throws Exception {
        Ctl.Result result = Ctl.of(url()).run("--ca", ca.toString(), "get", "x");
        assertEquals(0, result.exitCode(), result.toString());
        assertNull(authorization.get());
    }

    @Test
    void anUntrustedCertificateIsRefusedWithoutPrintingTheToken() throws Exception {
        Ctl.Result result = Ctl.of(url()).env("LIGHTHOUSE_TOKEN", "s3cr3t-t0ken").run("get", "x");
        assertEquals(1, result.exitCode(), result.toString());
        assertEquals(1, result.errLines().size(), result.toString());
        assertTrue(result.err().startsWith("lighthousectl: "), result.toString());
        assertTrue(result.err().contains("--ca"), "the message points at --ca: " + result);
        assertTrue(!result.err().contains("s3cr3t"), result.toString());
    }

    @Test
    void aCaFileWithoutACertificateIsAUsageError() throws Exception {
        Path notPem = temp.resolve("not.pem");
        Files.writeString(notPem, "hello\n");
        Ctl.Result result = Ctl.of(url()).run("--ca", notPem.toString(), "get", "x");
        assertEquals(2, result.exitCode(), result.toString());
        assertEquals(1, result.errLines().size(), result.toString());
        assertTrue(result.err().startsWith("lighthousectl: --ca " + notPem + " is not a PEM certificate file")
                && result.err().strip().endsWith("(see --help)"), result.toString());
    }
}
