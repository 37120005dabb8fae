package dev.lighthouse.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.ServerProcess;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random moments of a commit loop, then restart: every commit that
 * was acknowledged must be there, and data.d must load every time.
 */
class CrashRecoveryIT {

    private static final String MERGE = "application/merge-patch+json";
    private static final Pattern COUNTER = Pattern.compile("\"n\":(\\d+)");

    @TempDir
    Path dataDir;

    @Test
    void noAcknowledgedCommitIsLostWhenTheServerIsKilledMidCommit() throws Exception {
        Random random = new Random(42);
        long acknowledged = 0;
        ServerProcess server = ServerProcess.start("--data.d=" + dataDir, "--port=0", "--cluster-port=0", "--retain=5");
        try {
            // A document above the inline-full limit, so the loop writes deltas and compacts.
            StringBuilder big = new StringBuilder("{\"padding\":{");
            for (int i = 0; i < 3000; i++) {
                big.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"some padding value ").append(i).append('"');
            }
            big.append("}}");
            assertEquals(200, Api.send(server, "PATCH", "/data/", MERGE, big.toString()).statusCode());
            for (int round = 0; round < 4; round++) {
                long killAfterMillis = 200 + random.nextInt(600);
                acknowledged = commitUntilKilled(server, acknowledged, killAfterMillis);
                server = ServerProcess.start("--data.d=" + dataDir, "--port=0", "--cluster-port=0", "--retain=5");
                long stored = storedCounter(server);
                assertTrue(stored == acknowledged || stored == acknowledged + 1,
                        "round " + round + ": acknowledged " + acknowledged + ", stored " + stored);
                acknowledged = stored;
            }
            assertTrue(acknowledged > 20, "the loop really committed: " + acknowledged);
        } finally {
            server.close();
        }
    }

    /** Commits n = last+1, last+2, ... until the server is killed; returns the last acknowledged n. */
    private static long commitUntilKilled(ServerProcess server, long last, long killAfterMillis) throws Exception {
        AtomicLong acked = new AtomicLong(last);
        Thread writer = new Thread(() -> {
            for (long n = last + 1; n < last + 100_000; n++) {
                try {
                    Response reply = Api.send(server, "PATCH", "/data/counter", MERGE, "{\"n\":" + n + "}");
                    if (reply.statusCode() != 200) {
                        return;
                    }
                    acked.set(n);
                } catch (Exception e) {
                    return;
                }
            }
        });
        writer.start();
        Thread.sleep(killAfterMillis); // the crash instant is the point of the test: a random moment, not a condition
        server.kill();
        writer.join(30_000);
        return acked.get();
    }

    private static long storedCounter(ServerProcess server) throws Exception {
        Response reply = server.http().get("/data/counter");
        if (reply.statusCode() == 404) {
            return 0;
        }
        Matcher m = COUNTER.matcher(Api.text(reply));
        assertTrue(m.find(), Api.text(reply));
        return Long.parseLong(m.group(1));
    }
}
