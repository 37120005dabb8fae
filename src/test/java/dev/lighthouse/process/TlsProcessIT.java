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

/**
 * bin/lighthouse serving HTTPS from a conf file as an operator would write it (keystore and
 * password file beside it), and bin/lighthousectl reaching it with --ca, or refusing to without.
 */
class TlsProcessIT {

    @TempDir
    static Path temp;

    private static TestCerts certs;
    private static ServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        Path conf = temp.resolve("conf");
        certs = TestCerts.create(conf);
        Files.writeString(conf.resolve("server.password"), TestCerts.PASSWORD + "\n");
        server = ServerProcess.startWithConf(conf, """
                // relative to this file's directory
                {"server": {"tls": {"keystore": "server.p12", "keystorePasswordFile": "server.password"}}}
                """, temp.resolve("data.d"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theStartUpLineSaysHttpsAndTheClientCertificatePolicy() {
        assertTrue(server.url().startsWith("https://127.0.0.1:"), server.url());
        assertTrue(server.output().stream().anyMatch(line -> line.contains("on " + server.url()
                + "/ (no client certificates)")), String.join("\n", server.output()));
    }

    @Test
    void lighthousectlWritesAndReadsOverHttpsTrustingTheCa() throws Exception {
        Ctl ctl = Ctl.of(server.url());
        Ctl.Result set = ctl.run("--ca", certs.caPem().toString(), "set", "greeting", "over tls");
        assertEquals(0, set.exitCode(), set.toString());
        Ctl.Result get = ctl.run("--ca", certs.caPem().toString(), "get", "--raw", "greeting");
        assertEquals(0, get.exitCode(), get.toString());
        assertEquals("over tls\n", get.out());
    }

    @Test
    void withoutTheCaLighthousectlFailsInOneLine() throws Exception {
        Ctl.Result result = Ctl.of(server.url()).run("get", "greeting");
        assertEquals(1, result.exitCode(), result.toString());
        assertEquals(1, result.errLines().size(), result.toString());
        assertTrue(result.err().startsWith("lighthousectl: ") && result.err().contains("--ca"), result.toString());
    }

    @Test
    void aWrongKeystorePasswordStopsTheStartInOneLineWithExitCodeTwo() throws Exception {
        Path conf = temp.resolve("conf/wrong-password.json");
        Files.writeString(conf, """
                {"server": {"tls": {"keystore": "server.p12", "keystorePassword": "not-the-password"}}}
                """);
        ServerProcess run = ServerProcess.run("--conf=" + conf, "--data.d=" + temp.resolve("unused.d"), "--port=0");
        assertEquals(2, run.exitCode(), run.output().toString());
        assertEquals(1, run.output().size(), run.output().toString());
        assertTrue(run.output().get(0).startsWith("lighthouse: " + conf + ": server.tls: the password for keystore ")
                && run.output().get(0).endsWith("server.p12 is wrong"), run.output().toString());
    }
}
