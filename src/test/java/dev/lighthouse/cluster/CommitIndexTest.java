package dev.lighthouse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import dev.lighthouse.cluster.log.SegmentedLog;
import dev.lighthouse.store.StorageHealth;
import java.util.HashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write is answered when its entry is applied, so whatever a restart reads as committed must
 * already include it, and a leader must commit entries it cannot tell were committed.
 */
class CommitIndexTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern VERSION_FILE = Pattern.compile(".*-0*(\\d+)\\.json");

    @TempDir
    Path temp;

    private Path dataDir;
    private Path crashImage;

    @org.junit.jupiter.api.BeforeEach
    void paths() {
        dataDir = temp.resolve("data.d");
        crashImage = temp.resolve("crash-image");
    }

    @Test
    void theCommitIndexIsRecordedBeforeTheEntryIsApplied() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            ClusterNode cluster = server.node().cluster();
            Await.until("the node leading", WAIT, cluster::isLeader);
            List<String> lagging = new CopyOnWriteArrayList<>();
            AtomicInteger checked = new AtomicInteger();
            // Runs on the applying thread, where the reply to the client is written.
            cluster.stateView().addListener((before, after) -> {
                if (after.current() == before.current()) {
                    return;
                }
                long recorded = cluster.raft().log().commitIndex();
                long applying = after.current().index();
                if (recorded < applying) {
                    lagging.add("applied entry " + applying + " with commit index " + recorded + " on disk");
                }
                checked.incrementAndGet();
            });
            for (int n = 1; n <= 20; n++) {
                patchCounter(server, n);
            }
            assertTrue(checked.get() >= 20, "every commit was checked: " + checked.get());
            assertEquals(List.of(), lagging);
        }
    }

    /**
     * The state a crash can leave: the log holds acknowledged entries past the commit index it
     * recorded (written without fsync), and data.d lacks their version files (written after the
     * reply). The restarted leader must serve the last acknowledged value without another write.
     */
    @Test
    void entriesPastTheRecordedCommitIndexAreCommittedByTheNextLeader() throws Exception {
        long indexOfSecond;
        long seqOfSecond;
        try (TestServer server = TestServer.start(dataDir)) {
            Await.until("the node leading", WAIT, server.node().cluster()::isLeader);
            patchCounter(server, 1);
            patchCounter(server, 2);
            indexOfSecond = server.node().cluster().appliedIndex();
            seqOfSecond = server.node().currentVersion().seq();
            for (int n = 3; n <= 5; n++) {
                patchCounter(server, n);
            }
            // A crash image, taken while the node runs: a clean stop would truncate the log.
            copyTree(dataDir, crashImage);
        }
        deleteTree(dataDir);
        Files.move(crashImage, dataDir);
        deleteVersionsAfter(seqOfSecond);
        Path logDir;
        try (Stream<Path> dirs = Files.list(dataDir.resolve("cluster"))) {
            logDir = dirs.filter(d -> d.getFileName().toString().endsWith(".log")).findFirst().orElseThrow();
        }
        try (SegmentedLog log = new SegmentedLog(new StorageHealth(), SegmentedLog.DEFAULT_SEGMENT_BYTES)) {
            log.init(logDir.toString(), new HashMap<>());
            assertTrue(log.commitIndex() > indexOfSecond, "the log had committed past the second write");
            log.commitIndex(indexOfSecond);
        }
        try (TestServer restarted = TestServer.start(dataDir)) {
            Await.until("the last acknowledged value served", WAIT,
                    () -> restarted.http().get("/data/counter?consistent=true").asString().strip().equals("5"));
        }
    }

    private static void patchCounter(TestServer server, int n) {
        server.http().contentType("application/merge-patch+json").body("{\"counter\":" + n + "}")
                .patch("/data").then().statusCode(200);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else if (!path.getFileName().toString().endsWith(".tmp")) {
                    Files.copy(path, target);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private void deleteVersionsAfter(long seq) throws IOException {
        try (Stream<Path> files = Files.list(dataDir)) {
            for (Path file : files.toList()) {
                Matcher m = VERSION_FILE.matcher(file.getFileName().toString());
                if (m.matches() && Long.parseLong(m.group(1)) > seq) {
                    Files.delete(file);
                }
            }
        }
    }
}
