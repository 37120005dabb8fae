package dev.lighthouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lighthouse.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listening socket's queue of handshakes not yet accepted, as the kernel reports it: large
 * enough that thousands of clients connecting at once are queued, not dropped and retried a
 * second later.
 */
class AcceptQueueTest {

    @TempDir
    Path dataDir;

    @Test
    void theKernelQueuesAsManyHandshakesAsItAllows() throws Exception {
        // Files.readString gives only the first byte of a /proc file, whose size reads as 0.
        int allowed = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/core/somaxconn")).get(0).trim());
        try (TestServer server = TestServer.start(dataDir)) {
            assertEquals(Math.min(HttpServer.ACCEPT_QUEUE, allowed), listenQueue(server.port()));
        }
    }

    /** The Send-Q that {@code ss} shows for a listening socket: its accept queue's size. */
    private static int listenQueue(int port) throws IOException, InterruptedException {
        Process ss = new ProcessBuilder("ss", "-ltnH", "sport = :" + port).redirectErrorStream(true).start();
        if (!ss.waitFor(10, TimeUnit.SECONDS)) {
            ss.destroyForcibly();
            throw new IllegalStateException("ss did not finish");
        }
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String[] columns = out.split("\\s+");
        if (columns.length < 4 || !columns[0].equals("LISTEN")) {
            throw new IllegalStateException("unexpected ss output for port " + port + ": " + out);
        }
        return Integer.parseInt(columns[2]);
    }
}
