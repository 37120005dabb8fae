package dev.lighthouse.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Ctl;
import dev.lighthouse.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as an operator installs it: {@code target/lighthouse-<version>.tar.gz}
 * unpacked somewhere else, with no source tree beside it, starts a node on its bundled example
 * and its {@code lighthousectl} reads from it.
 */
class DistributionIT {

    @TempDir
    Path opt;

    @Test
    void theUnpackedTarballServesItsExampleAndItsClientReadsIt() throws Exception {
        Path tarball;
        try (Stream<Path> built = Files.list(ServerProcess.home().resolve("target"))) {
            tarball = built.filter(file -> file.getFileName().toString().matches("lighthouse-.*\\.tar\\.gz"))
                    .findFirst().orElseThrow(() -> new AssertionError("no lighthouse-*.tar.gz in target/"));
        }
        Process untar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", opt.toString()).inheritIO().start();
        assertTrue(untar.waitFor(60, TimeUnit.SECONDS) && untar.exitValue() == 0, "tar failed");
        Path installed;
        try (Stream<Path> dirs = Files.list(opt)) {
            installed = dirs.findFirst().orElseThrow();
        }
        assertTrue(Files.isRegularFile(installed.resolve("lib/lighthouse.jar")));
        assertTrue(Files.isExecutable(installed.resolve("bin/lighthouse")));
        assertTrue(Files.isRegularFile(installed.resolve("conf/systemd/lighthouse.service")));
        assertFalse(Files.exists(installed.resolve("pom.xml")), "no source tree in the distribution");
        assertFalse(Files.exists(installed.resolve("src")), "no source tree in the distribution");

        try (ServerProcess server = ServerProcess.startFrom(installed, "--port=0", "--cluster-port=0")) {
            assertEquals("1024", Api.data(server, "size").trim());
            Ctl.Result read = Ctl.of(server.url()).from(installed).env("LIGHTHOUSE_CDS", "off").run("get", "--raw", "providers/beta/0");
            assertEquals(0, read.exitCode(), read.toString());
            assertEquals("192.168.2.1\n", read.out());
        }
        assertTrue(Files.isDirectory(installed.resolve("var/data.d")), "the default data.d is inside the installation");
    }
}
