package dev.lighthouse.testing;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away PKI made with the JDK's keytool, the way an operator would: a CA, a server
 * certificate for 127.0.0.1 and a client certificate, both signed by the CA, each in a PKCS#12
 * file, the CA also as PEM (for lighthousectl --ca) and as a truststore. Every password is
 * {@link #PASSWORD}. Valid for two days.
 */
public final class TestCerts {

    public static final String PASSWORD = "changeit";

    private final Path dir;

    private TestCerts(Path dir) {
        this.dir = dir;
    }

    /** Makes the files in {@code dir} (about a dozen keytool runs, a few seconds). */
    public static TestCerts create(Path dir) throws Exception {
        Files.createDirectories(dir);
        TestCerts certs = new TestCerts(dir);
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Test CA",
                "-ext", "bc:c", "-validity", "2", "-storetype", "PKCS12", "-keystore", certs.path("ca.p12"),
                "-storepass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", certs.path("ca.p12"), "-storepass", PASSWORD,
                "-file", certs.path("ca.pem"));
        // The three below are independent: run side by side, they take half as long.
        CompletableFuture<?> server = CompletableFuture.runAsync(() -> certs.signed("server", "CN=127.0.0.1",
                "SAN=ip:127.0.0.1"));
        CompletableFuture<?> client = CompletableFuture.runAsync(() -> certs.signed("client", "CN=test client",
                "EKU=clientAuth"));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", certs.path("ca.pem"), "-storetype", "PKCS12",
                "-keystore", certs.path("clients-ca.p12"), "-storepass", PASSWORD);
        CompletableFuture.allOf(server, client).get(120, TimeUnit.SECONDS);
        return certs;
    }

    /** A key pair in NAME.p12 whose certificate the CA signed, installed with its chain. */
    private void signed(String name, String dname, String extension) {
        try {
            sign(name, dname, extension);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void sign(String name, String dname, String extension) throws Exception {
        String store = path(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store, "-storepass", PASSWORD);
        keytool("-certreq", "-alias", name, "-keystore", store, "-storepass", PASSWORD, "-file", path(name + ".csr"));
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", path("ca.p12"), "-storepass", PASSWORD,
                "-infile", path(name + ".csr"), "-outfile", path(name + ".pem"), "-ext", extension, "-validity", "2");
        Files.writeString(dir.resolve(name + "-chain.pem"), Files.readString(dir.resolve(name + ".pem"))
                + Files.readString(dir.resolve("ca.pem")));
        keytool("-importcert", "-noprompt", "-alias", name, "-file", path(name + "-chain.pem"), "-keystore", store,
                "-storepass", PASSWORD);
    }

    /** The CA certificate as PEM. */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** The server's key and certificate chain (127.0.0.1). */
    public Path serverKeystore() {
        return dir.resolve("server.p12");
    }

    /** The client's key and certificate chain. */
    public Path clientKeystore() {
        return dir.resolve("client.p12");
    }

    /** The CA certificate as a PKCS#12 truststore. */
    public Path clientsCa() {
        return dir.resolve("clients-ca.p12");
    }

    /** A TLS context that trusts the CA and, if {@code withClientCertificate}, presents the client certificate. */
    public SSLContext clientContext(boolean withClientCertificate) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(clientsCa()));
        KeyManagerFactory keys = null;
        if (withClientCertificate) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(clientKeystore()), PASSWORD.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    /** Runs the JDK's keytool; fails the test with its output when it fails. */
    public static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("keytool " + List.of(args) + " did not finish");
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("keytool " + List.of(args) + " failed: " + output);
        }
    }
}
