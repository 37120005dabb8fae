package dev.lighthouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.config.TlsConfig;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.RawHttp;
import dev.lighthouse.testing.TestCerts;
import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS on the API port: served from the keystore, plain HTTP refused, client certificates when required. */
class TlsIT {

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
        Response reply = get(certs, false, https.port(), "/data/");
        assertEquals(200, reply.statusCode(), Api.text(reply));
        assertEquals("{}", Api.text(reply).trim());
    }

    @Test
    void theClusterAdvertisesTheHttpsUrl() throws Exception {
        Response reply = get(certs, false, https.port(), "/cluster");
        assertEquals(200, reply.statusCode(), Api.text(reply));
        assertTrue(Api.text(reply).contains("\"http\":\"https://127.0.0.1:" + https.port() + "\""), Api.text(reply));
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
        Response reply = get(certs, true, mutual.port(), "/data/");
        assertEquals(200, reply.statusCode(), Api.text(reply));
    }

    @Test
    void withClientCertificatesWantedClientsWithAndWithoutOneAreServed() throws Exception {
        assertEquals(200, get(certs, false, optional.port(), "/data/").statusCode());
        assertEquals(200, get(certs, true, optional.port(), "/data/").statusCode());
    }

    private static Response get(TestCerts certs, boolean clientCertificate, int port, String path) throws Exception {
        return Api.at("https://127.0.0.1:" + port, certs.clientContext(clientCertificate)).get(path);
    }
}
