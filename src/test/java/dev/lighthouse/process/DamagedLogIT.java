package dev.lighthouse.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.ServerProcess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What start-up does with a damaged Raft log: a torn tail (what a crash leaves) is cut back and
 * the node starts with everything it acknowledged; damage that took committed entries that data.d
 * does not hold either stops the start with one line naming the file, and exit code 2.
 */
class DamagedLogIT {

    private static final String MERGE = "application/merge-patch+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERSION = Pattern.compile(".*-0*(\\d+)\\.json");
    /** Segment header; record header: magic, flags, length, term, index, CRC. */
    private static final int SEGMENT_HEADER = 24;
    private static final int RECORD_HEADER = 26;

    @TempDir
    Path dataDir;

    private String[] flags() {
        return new String[] {"--data.d=" + dataDir, "--port=0", "--cluster-port=0"};
    }

    @Test
    void aTornTailIsCutBackAndTheNodeStartsWithEveryCommit() throws Exception {
        commit(10);
        Path segment = segments().get(segments().size() - 1);
        long tail = recordsEnd(segment);
        // A record whose write a crash cut short: its header is there, most of its payload is not.
        ByteBuffer torn = ByteBuffer.allocate(RECORD_HEADER + 8).put((byte) 0xA7).put((byte) 0).putInt(4000)
                .putLong(9).putLong(recordCount(segment) + firstIndex(segment)).putInt(12345).flip();
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(torn, tail);
        }
        ServerProcess server = ServerProcess.start(flags());
        try {
            assertEquals("10", Api.text(server.http().get("/data/n")).strip());
            assertTrue(server.output().stream().anyMatch(line -> line.contains("WARNING") && line.contains(
                    "the log is cut back")), "the cut is reported: " + server.output());
        } finally {
            server.close();
        }
    }

    @Test
    void committedEntriesLostFromTheLogAndDataDirStopTheStartWithExitCode2() throws Exception {
        commit(10);
        // data.d loses its newest versions (as if never written), and the log the first entry after them.
        long keptSeq = 6;
        long keptIndex = -1;
        try (Stream<Path> files = Files.list(dataDir)) {
            for (Path file : files.toList()) {
                Matcher m = VERSION.matcher(file.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                long seq = Long.parseLong(m.group(1));
                if (seq == keptSeq) {
                    keptIndex = JSON.readTree(file.toFile()).path("index").asLong();
                } else if (seq > keptSeq) {
                    Files.delete(file);
                }
            }
        }
        assertTrue(keptIndex > 0, "version " + keptSeq + " records its log index");
        flipPayloadOf(keptIndex + 1);
        ServerProcess refused = ServerProcess.run(flags());
        assertEquals(2, refused.exitCode(), String.join("\n", refused.output()));
        List<String> problem = refused.output().stream().filter(line -> line.startsWith("lighthouse:")).toList();
        assertEquals(1, problem.size(), refused.output().toString());
        assertTrue(problem.get(0).contains("lost committed entries") && problem.get(0).contains(".seg")
                && problem.get(0).contains("acknowledged commits are lost"), problem.get(0));
    }

    /** Commits, waits for the version files, then kills the node: a clean stop would truncate the log. */
    private void commit(int count) throws Exception {
        ServerProcess server = ServerProcess.start(flags());
        try {
            for (int n = 1; n <= count; n++) {
                assertEquals(200, Api.send(server, "PATCH", "/data/", MERGE, "{\"n\":" + n + "}")
                        .statusCode());
            }
            long newest = Long.parseLong(server.http().get("/data/").header("X-Lighthouse-Seq"));
            Await.until("data.d to hold version " + newest, Duration.ofSeconds(30), () -> newestFile() >= newest);
        } finally {
            server.kill();
        }
    }

    private long newestFile() {
        try (Stream<Path> files = Files.list(dataDir)) {
            return files.map(f -> VERSION.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .mapToLong(m -> Long.parseLong(m.group(1))).max().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve("cluster/lighthouse-1.log"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".seg")).sorted().toList();
        }
    }

    private static long firstIndex(Path segment) {
        return Long.parseLong(segment.getFileName().toString().replace(".seg", ""));
    }

    /** Walks the records of a segment: where each starts, until the zeros after the last one. */
    private static long recordsEnd(Path segment) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
        int at = SEGMENT_HEADER;
        while (at + RECORD_HEADER <= bytes.limit() && bytes.get(at) != 0) {
            at += RECORD_HEADER + bytes.getInt(at + 2);
        }
        return at;
    }

    private static long recordCount(Path segment) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
        int at = SEGMENT_HEADER;
        long count = 0;
        while (at + RECORD_HEADER <= bytes.limit() && bytes.get(at) != 0) {
            at += RECORD_HEADER + bytes.getInt(at + 2);
            count++;
        }
        return count;
    }

    private void flipPayloadOf(long index) throws IOException {
        for (Path segment : segments()) {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
            int at = SEGMENT_HEADER;
            while (at + RECORD_HEADER <= bytes.limit() && bytes.get(at) != 0) {
                if (bytes.getLong(at + 14) == index) {
                    int payload = at + RECORD_HEADER;
                    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
                        channel.write(ByteBuffer.wrap(new byte[] {(byte) (bytes.get(payload) ^ 0x40)}), payload);
                    }
                    return;
                }
                at += RECORD_HEADER + bytes.getInt(at + 2);
            }
        }
        throw new AssertionError("no record of entry " + index + " in " + segments());
    }
}
