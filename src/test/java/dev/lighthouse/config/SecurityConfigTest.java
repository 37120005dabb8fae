package dev.lighthouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.LogCapture;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** server.tls and cluster in the conf file: where files are looked for, and each mistake refused in one line. */
class SecurityConfigTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;

    @BeforeAll
    static void keystores() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", conf.resolve("server.p12").toString(),
                "-storepass", PASSWORD).redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool failed");
        KeyStore server = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(conf.resolve("server.p12"))) {
            server.load(in, PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", server.getCertificate("server"));
        try (OutputStream out = Files.newOutputStream(conf.resolve("clients-ca.p12"))) {
            trust.store(out, PASSWORD.toCharArray());
        }
        Files.writeString(conf.resolve("server.password"), PASSWORD + "\n");
        Files.writeString(conf.resolve("not-a-keystore.p12"), "hello\n");
        Files.writeString(conf.resolve("cluster.secret"), "  0123456789abcdef-ok\n");
    }

    private static ServerConfig config(String json) throws Exception {
        Path file = dir.resolve("conf").resolve("lighthouse.json");
        Files.writeString(file, json);
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs("--conf=" + file);
        return command.toConfig();
    }

    private static String refused(String json) {
        ConfigException e = assertThrows(ConfigException.class, () -> config(json));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    private static String tls(String settings) {
        return "{\"server\": {\"tls\": {" + settings + "}}}";
    }

    @Test
    void tlsFilesAreRelativeToTheConfFileAndAPasswordFileLosesItsFinalNewline() throws Exception {
        TlsConfig tls = config(tls("\"keystore\": \"server.p12\", \"keystorePasswordFile\": \"server.password\",")).tls();
        assertEquals(dir.resolve("conf/server.p12").toAbsolutePath(), tls.keystore());
        assertEquals(PASSWORD, tls.keystorePassword());
        assertEquals(TlsConfig.ClientAuth.NONE, tls.clientAuth());
        assertNull(tls.truststore());
    }

    @Test
    void clientCertificatesNeedATruststore() throws Exception {
        TlsConfig tls = config(tls("\"keystore\": \"server.p12\", \"keystorePassword\": \"changeit\","
                + " \"clientAuth\": \"need\", \"truststore\": \"clients-ca.p12\", \"truststorePassword\": \"changeit\""))
                .tls();
        assertEquals(TlsConfig.ClientAuth.NEED, tls.clientAuth());
        assertEquals(dir.resolve("conf/clients-ca.p12").toAbsolutePath(), tls.truststore());
        assertTrue(refused(tls("\"keystore\": \"server.p12\", \"keystorePassword\": \"changeit\", \"clientAuth\":"
                + " \"want\"")).contains("needs 'server.tls.truststore'"));
        assertTrue(refused(tls("\"keystore\": \"server.p12\", \"keystorePassword\": \"changeit\", \"truststore\":"
                + " \"clients-ca.p12\", \"truststorePassword\": \"changeit\"")).contains("only with"));
    }

    @Test
    void eachBadTlsSettingIsOneLineNamingIt() {
        assertTrue(refused(tls("\"keystore\": \"server.p12\", \"keystorePassword\": \"wrong\""))
                .matches(".*server\\.tls: the password for keystore .*server\\.p12 is wrong"));
        assertTrue(refused(tls("\"keystore\": \"missing.p12\", \"keystorePassword\": \"changeit\""))
                .contains("missing.p12 does not exist"));
        assertTrue(refused(tls("\"keystore\": \"not-a-keystore.p12\", \"keystorePassword\": \"changeit\""))
                .contains("not a readable PKCS#12 file"));
        assertTrue(refused(tls("\"keystore\": \"clients-ca.p12\", \"keystorePassword\": \"changeit\""))
                .contains("holds no private key"));
        assertTrue(refused(tls("\"keystore\": \"server.p12\", \"keystorePassword\": \"changeit\", \"clientAuth\":"
                + " \"sometimes\"")).contains("must be \"none\", \"want\" or \"need\", not \"sometimes\""));
        assertTrue(refused(tls("\"keystore\": \"server.p12\"")).contains("exactly one of"));
        assertTrue(refused(tls("\"keystore\": \"server.p12\", \"keystorePassword\": \"changeit\","
                + " \"keystorePasswordFile\": \"server.password\"")).contains("exactly one of"));
        assertTrue(refused(tls("\"keystorePassword\": \"changeit\"")).contains("'server.tls.keystore' is missing"));
        assertTrue(refused(tls("\"keystore\": \"server.p12\", \"keystorePassword\": \"changeit\", \"ciphers\": []"))
                .contains("unknown setting 'server.tls.ciphers'"));
    }

    @Test
    void theClusterSecretComesFromAFileBesideTheConfOrInline() throws Exception {
        ClusterSecret fromFile = config("{\"cluster\": {\"secretFile\": \"cluster.secret\"}}").clusterSecret();
        assertEquals("0123456789abcdef-ok", fromFile.secret(), "white space around it is not part of it");
        assertTrue(fromFile.origin().contains(dir.resolve("conf/cluster.secret").toAbsolutePath().toString()));
        assertEquals("an inline secret, long enough",
                config("{\"cluster\": {\"secret\": \"an inline secret, long enough\"}}").clusterSecret().secret());
        assertNull(config("{}").clusterSecret());
    }

    @Test
    void eachBadClusterSettingIsOneLineNamingIt() {
        for (String json : List.of("{\"cluster\": {}}",
                "{\"cluster\": {\"secret\": \"an inline secret, long enough\", \"secretFile\": \"cluster.secret\"}}")) {
            assertTrue(refused(json).contains("exactly one of 'cluster.secretFile' (preferred) or 'cluster.secret'"));
        }
        assertTrue(refused("{\"cluster\": {\"secret\": \"short\"}}").contains("at least 16 characters"));
        assertTrue(refused("{\"cluster\": {\"secretFile\": \"nowhere.secret\"}}")
                .contains("cannot read 'cluster.secretFile'"));
        assertTrue(refused("{\"cluster\": {\"key\": \"x\"}}").contains("unknown setting 'cluster.key'"));
    }

    @Test
    void neitherPasswordsNorTheSecretAppearInTheConfiguration() throws Exception {
        ServerConfig config = config("{\"server\": {\"tls\": {\"keystore\": \"server.p12\", \"keystorePassword\":"
                + " \"changeit\", \"clientAuth\": \"want\", \"truststore\": \"clients-ca.p12\", \"truststorePassword\":"
                + " \"changeit\"}}, \"cluster\": {\"secret\": \"an inline secret, long enough\"}}");
        assertFalse(config.toString().contains(PASSWORD), config.toString());
        assertFalse(config.toString().contains("inline secret"), config.toString());
    }

    @Test
    void aSecretFileOthersCanReadIsWarnedAbout() throws Exception {
        Path secret = dir.resolve("conf").resolve("cluster.secret");
        String json = "{\"cluster\": {\"secretFile\": \"cluster.secret\"}}";
        try (LogCapture log = LogCapture.of(SecretFiles.class.getName())) {
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
            config(json);
            assertEquals(1, log.matching(secret.getFileName().toString(), "readable by other users").size(),
                    log.lines().toString());
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            config(json);
            assertEquals(1, log.matching("readable by other users").size(), "no warning for a 0600 file");
        }
    }
}
