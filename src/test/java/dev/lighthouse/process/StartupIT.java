package dev.lighthouse.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.ServerProcess;
import dev.lighthouse.testing.SmallDisk;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/lighthouse started on a data.d or port it cannot use: one line saying why, exit 2. */
class StartupIT {

    @TempDir
    Path temp;

    private static void assertRefused(String expected, String... flags) throws Exception {
        ServerProcess run = ServerProcess.run(flags);
        List<String> output = run.output();
        assertEquals(2, run.exitCode(), String.join("\n", output));
        String last = output.get(output.size() - 1);
        assertTrue(last.startsWith("lighthouse: could not start: ") && last.contains(expected),
                "expected '" + expected + "' in: " + String.join("\n", output));
        assertEquals(1, output.stream().filter(line -> line.startsWith("lighthouse:")).count(), output.toString());
    }

    @Test
    void aDataDirThatIsAFileOrWhoseParentIsMissing() throws Exception {
        Path file = Files.createFile(temp.resolve("file.d"));
        assertRefused("data.d " + file + " is a file, not a directory", "--data.d=" + file, "--port=0",
                "--cluster-port=0");
        Path typo = temp.resolve("typo/data.d");
        assertRefused("data.d " + typo + " does not exist, and neither does " + typo.getParent(),
                "--data.d=" + typo, "--port=0", "--cluster-port=0");
        assertTrue(Files.notExists(typo.getParent()), "nothing created for a mistyped path");
    }

    @Test
    void aMissingDataDirIsCreatedWithAWarningNamingIt() throws Exception {
        Path dir = temp.resolve("new.d");
        try (ServerProcess server = ServerProcess.start("--data.d=" + dir, "--port=0", "--cluster-port=0")) {
            assertEquals(200, server.http().get("/health").statusCode());
            assertTrue(server.output().stream().anyMatch(line -> line.contains("WARNING")
                    && line.contains("data.d " + dir + " did not exist")), server.output().toString());
        }
    }

    @Test
    void aReadOnlyDataDir() throws Exception {
        Path dir = temp.resolve("ro.d");
        try (SmallDisk disk = SmallDisk.mount(dir, 1 << 20)) {
            disk.readOnly();
            assertRefused("data.d " + dir + " is not writable", "--data.d=" + dir, "--port=0", "--cluster-port=0");
        }
    }

    /** Said before data.d is touched: the node must not seed a cluster there and then fail. */
    @Test
    void anHttpPortInUse() throws Exception {
        Path dataDir = temp.resolve("d");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertRefused("HTTP port " + taken.getLocalPort() + " on 127.0.0.1 is in use", "--data.d=" + dataDir,
                    "--port=" + taken.getLocalPort(), "--cluster-port=0");
        }
        assertFalse(Files.exists(dataDir), "data.d was not created");
    }
}
