package dev.lighthouse.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.Ctl;
import dev.lighthouse.testing.ServerProcess;
import dev.lighthouse.testing.TestCerts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/lighthousectl presenting a client certificate (--cert) to a bin/lighthouse whose clientAuth is need. */
class TlsClientCertIT {

    @TempDir
    static Path temp;

    private static TestCerts certs;
    private static ServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        Path conf = temp.resolve("conf");
        certs = TestCerts.create(conf);
        server = ServerProcess.startWithConf(conf, """
                {"server": {"tls": {"keystore": "server.p12", "keystorePassword": "%s", "clientAuth": "need",
                                    "truststore": "%s", "truststorePassword": "%s"}}}
                """.formatted(TestCerts.PASSWORD, certs.clientsCa().getFileName(), TestCerts.PASSWORD),
                temp.resolve("data.d"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private Ctl ctl() {
        return Ctl.of(server.url());
    }

    @Test
    void withItsCertificateLighthousectlWritesAndReads() throws Exception {
        String ca = certs.caPem().toString();
        String cert = certs.clientKeystore().toString();
        Ctl.Result set = ctl().env("LIGHTHOUSE_CERT_PASSWORD", TestCerts.PASSWORD)
                .run("--ca", ca, "--cert", cert, "set", "who", "a client with a certificate");
        assertEquals(0, set.exitCode(), set.toString());
        Ctl.Result get = ctl().env("LIGHTHOUSE_CERT_PASSWORD", TestCerts.PASSWORD)
                .run("--ca", ca, "--cert", cert, "get", "--raw", "who");
        assertEquals("a client with a certificate\n", get.out(), get.toString());
    }

    @Test
    void withoutOneItFailsInOneLineNamingCert() throws Exception {
        Ctl.Result result = ctl().run("--ca", certs.caPem().toString(), "get", "who");
        assertEquals(1, result.exitCode(), result.toString());
        assertEquals(1, result.errLines().size(), result.toString());
        assertTrue(result.err().startsWith("lighthousectl: "), result.toString());
    }

    @Test
    void aWrongCertificatePasswordIsAUsageErrorNamingTheVariable() throws Exception {
        Ctl.Result result = ctl().env("LIGHTHOUSE_CERT_PASSWORD", "not-it")
                .run("--ca", certs.caPem().toString(), "--cert", certs.clientKeystore().toString(), "get", "who");
        assertEquals(2, result.exitCode(), result.toString());
        assertEquals(1, result.errLines().size(), result.toString());
        assertTrue(result.err().contains("--cert") && result.err().contains("LIGHTHOUSE_CERT_PASSWORD")
                && !result.err().contains("not-it"), result.toString());
    }
}
