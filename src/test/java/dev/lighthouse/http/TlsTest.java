package dev.lighthouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.config.TlsConfig;
import dev.lighthouse.testing.RawHttp;
import dev.lighthouse.testing.TestCerts;
import dev.lighthouse.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS on the API port: served from the keystore, plain HTTP refused, client certificates when required. */
class TlsTest {

    @TempDir
    static Path dir;

    private static TestCerts certs;
    private static TestServer https;
    private static TestServer mutual;
    private static TestServer optional;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCerts.create(dir.resolve("certs"));
        https = TestServer.start(dir.resolve("https"), config -> config.withTls(
                TlsConfig.serverOnly(certs.serverKeystore(), TestCerts.PASSWORD)));
        mutual = TestServer.start(dir.resolve("mutual"), config -> config.withTls(new TlsConfig(
                certs.serverKeystore(), TestCerts.PASSWORD, TlsConfig.ClientAuth.NEED, certs.clientsCa(),
                TestCerts.PASSWORD)));
        optional = TestServer.start(dir.resolve("optional"), config -> config.withTls(new TlsConfig(
                certs.serverKeystore(), TestCerts.PASSWORD, TlsConfig.ClientAuth.WANT, certs.clientsCa(),
                TestCerts.PASSWORD)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (https != null) {
            https.close();
        }
        if (mutual != null) {
            mutual.close();
        }
        if (optional != null) {
            optional.close();
        }
    }

    @Test
    void aClientTrustingTheCaReadsOverHttps() throws Exception {
        HttpResponse<String> reply = get(certs, false, https.port(), "/data/");
        assertEquals(200, reply.statusCode(), reply.body());
        assertEquals("{}", reply.body().trim());
    }

    @Test
    void theClusterAdvertisesTheHttpsUrl() throws Exception {
        HttpResponse<String> reply = get(certs, false, https.port(), "/cluster");
        assertEquals(200, reply.statusCode(), reply.body());
        assertTrue(reply.body().contains("\"http\":\"https://127.0.0.1:" + https.port() + "\""), reply.body());
    }

    @Test
    void plainHttpOnTheHttpsPortGetsAProblemAndTheConnectionIsClosed() throws Exception {
        for (TestServer server : new TestServer[] {https, mutual}) {
            // No "Connection: close" from the client, and the reply read until the server closes:
            // a server that kept the connection open would fail this by timing out.
            byte[] request = ("GET /data/ HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            RawHttp.Reply reply = RawHttp.exchange(server.port(), request, true);
            assertEquals(400, reply.status(), reply.text());
            assertEquals("application/problem+json", reply.header("Content-Type"));
            assertEquals("close", reply.header("Connection"));
            assertTrue(reply.text().contains("\"type\":\"/problems/https-required\""), reply.text());
            assertTrue(reply.text().contains("https://127.0.0.1:" + server.port() + "/"), reply.text());
            assertTrue(!reply.text().contains("{}"), "nothing of the document is served: " + reply.text());
        }
    }

    @Test
    void withClientCertificatesRequiredAClientWithoutOneIsRefusedAndOneWithOneIsServed() throws Exception {
        assertThrows(IOException.class, () -> get(certs, false, mutual.port(), "/data/"));
        HttpResponse<String> reply = get(certs, true, mutual.port(), "/data/");
        assertEquals(200, reply.statusCode(), reply.body());
    }

    @Test
    void withClientCertificatesWantedClientsWithAndWithoutOneAreServed() throws Exception {
        assertEquals(200, get(certs, false, optional.port(), "/data/").statusCode());
        assertEquals(200, get(certs, true, optional.port(), "/data/").statusCode());
    }

    private static HttpResponse<String> get(TestCerts certs, boolean clientCertificate, int port, String path)
            throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(certs.clientContext(clientCertificate))
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
