package dev.lighthouse.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.Ctl;
import dev.lighthouse.testing.ProcessCluster;
import dev.lighthouse.testing.ServerProcess;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lighthousectl against three real nodes: sync follows the cluster when the member it reads from is killed. */
class CtlClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    @TempDir
    Path temp;

    @Test
    void syncMovesToAnotherMemberWhenItsMemberIsKilledAndRunsOncePerVersion() throws Exception {
        Path logs = ServerProcess.home().resolve("target/cluster-logs/CtlClusterIT");
        // The nodes' data.d directories go in here; a node creates its own only under an existing parent.
        Path nodes = Files.createDirectories(temp.resolve("cluster"));
        try (ProcessCluster cluster = ProcessCluster.start(3, nodes, logs)) {
            cluster.awaitAllActive(WAIT);
            int doomed = 0;
            int survivor = 1;
            long first = commit(cluster, survivor, "{\"app\":{\"conf\":\"one\"}}");
            Path file = temp.resolve("app.conf");
            Path ran = temp.resolve("ran.log");
            String servers = cluster.url(doomed) + "," + cluster.url(survivor) + "," + cluster.url(2);
            String exec = "echo \"$LIGHTHOUSE_SEQ $(cat \"$LIGHTHOUSE_FILE\")\" >> '" + ran + "'";
            try (Ctl.Running sync = Ctl.of(servers).spawn("sync", "/app/conf", "--output", file.toString(),
                    "--exec", exec)) {
                awaitRuns(ran, 1);
                // The first member listed answers while it is up: kill it, and sync must find another.
                cluster.kill(doomed);
                long second = commit(cluster, survivor, "{\"app\":{\"conf\":\"two\"}}");
                awaitRuns(ran, 2);
                assertEquals("two", Files.readString(file));
                assertEquals(List.of(first + " one", second + " two"), Files.readAllLines(ran),
                        "one run per version, none repeated by the reconnect: " + sync.err());
            }
        }
    }

    /** Retries through the election that may follow a kill; returns the committed seq. */
    private static long commit(ProcessCluster cluster, int node, String mergePatch) {
        AtomicLong seq = new AtomicLong(-1);
        Await.until("a commit through " + ProcessCluster.name(node), WAIT, () -> {
            try {
                Response reply = Api.send(cluster.http(node), "PATCH", "/data/", Api.MERGE, mergePatch);
                Matcher m = SEQ.matcher(Api.text(reply));
                if (reply.statusCode() == 200 && m.find()) {
                    seq.set(Long.parseLong(m.group(1)));
                    return true;
                }
            } catch (Exception e) {
                // not answered yet: the next try
            }
            return false;
        });
        return seq.get();
    }

    private static void awaitRuns(Path log, int count) {
        Await.lines(log, count, WAIT);
    }
}
