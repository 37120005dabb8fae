package dev.lighthouse.cluster.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.store.StorageHealth;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.SmallDisk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.jgroups.Address;
import org.jgroups.protocols.raft.FileBasedLog;
import org.jgroups.protocols.raft.LogEntries;
import org.jgroups.protocols.raft.LogEntry;
import org.jgroups.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Raft log on disk: what it reads back after a restart, a crash's leftovers, a bad disk and a full one. */
class SegmentedLogTest {

    /** Small, so a few dozen entries span several segments. */
    private static final long SEGMENT = 4096;

    @TempDir
    Path temp;

    private final StorageHealth health = new StorageHealth();

    private SegmentedLog open(Path dir) throws Exception {
        SegmentedLog log = new SegmentedLog(health, SEGMENT);
        log.init(dir.toString(), new HashMap<>());
        return log;
    }

    private static byte[] payload(long index, long term) {
        int size = (int) (index * 37 % 300);
        byte[] bytes = new byte[size];
        new Random(index * 31 + term).nextBytes(bytes);
        return bytes;
    }

    private static void appendRange(SegmentedLog log, long from, long to, long term) {
        for (long i = from; i <= to; i++) {
            log.append(i, new LogEntries().add(new LogEntry(term, payload(i, term))));
        }
    }

    private static void assertEntry(SegmentedLog log, long index, long term) {
        LogEntry entry = log.get(index);
        assertEquals(term, entry.term(), "term of entry " + index);
        assertArrayEquals(payload(index, term), java.util.Arrays.copyOfRange(entry.command(), entry.offset(),
                entry.offset() + entry.length()), "payload of entry " + index);
    }

    private static List<Path> segmentFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".seg")).sorted().toList();
        }
    }

    @Test
    void entriesTermVoteAndCommitIndexSurviveARestart() throws Exception {
        Path dir = temp.resolve("n1.log");
        Address voted = UUID.randomUUID();
        try (SegmentedLog log = open(dir)) {
            appendRange(log, 1, 60, 1);
            appendRange(log, 61, 80, 3);
            log.currentTerm(3).votedFor(voted).commitIndex(75);
            assertTrue(segmentFiles(dir).size() >= 3, "entries span several segments: " + segmentFiles(dir));
        }
        try (SegmentedLog log = open(dir)) {
            assertEquals(0, log.firstAppended());
            assertEquals(80, log.lastAppended());
            assertEquals(75, log.commitIndex());
            assertEquals(3, log.currentTerm());
            assertEquals(voted, log.votedFor());
            for (long i = 1; i <= 80; i++) {
                assertEntry(log, i, i <= 60 ? 1 : 3);
            }
            assertNull(log.get(81));
            assertEquals(List.of(), log.damage());
        }
    }

    @Test
    void aTornLastRecordIsCutBackAndReported() throws Exception {
        Path dir = temp.resolve("n1.log");
        try (SegmentedLog log = open(dir)) {
            appendRange(log, 1, 10, 1);
        }
        Path segment = segmentFiles(dir).get(segmentFiles(dir).size() - 1);
        long end = lastRecordEnd(segment);
        // The old library's failure: the header of the last entry is there, its payload is zeros.
        overwrite(segment, end - 40, new byte[40]);
        try (SegmentedLog log = open(dir)) {
            assertEquals(9, log.lastAppended());
            assertEquals(1, log.damage().size(), log.damage().toString());
            assertTrue(log.damage().get(0).contains("does not match its checksum"), log.damage().toString());
            appendRange(log, 10, 12, 2);
        }
        try (SegmentedLog log = open(dir)) {
            assertEquals(12, log.lastAppended());
            assertEntry(log, 10, 2);
            assertEquals(List.of(), log.damage());
        }
    }

    @Test
    void aBadRecordInTheMiddleEndsTheLogThereAndSetsLaterSegmentsAside() throws Exception {
        Path dir = temp.resolve("n1.log");
        try (SegmentedLog log = open(dir)) {
            appendRange(log, 1, 60, 1);
            log.commitIndex(60);
        }
        List<Path> files = segmentFiles(dir);
        assertTrue(files.size() >= 3, files.toString());
        Path second = files.get(1);
        long firstOfSecond = Long.parseLong(second.getFileName().toString().replace(".seg", ""));
        overwrite(second, Segment.HEADER_BYTES + Records.HEADER_BYTES + 1, new byte[] {42});
        try (SegmentedLog log = open(dir)) {
            assertEquals(firstOfSecond - 1, log.lastAppended());
            assertEquals(60, log.recordedCommitIndex(), "what the caller compares with data.d");
            assertEquals(firstOfSecond - 1, log.commitIndex(), "never past the last entry");
            assertTrue(Files.exists(files.get(2).resolveSibling(files.get(2).getFileName() + ".damaged")));
            assertFalse(Files.exists(files.get(2)));
        }
    }

    @Test
    void removedEntriesNeverComeBackBehindNewOnes() throws Exception {
        Path dir = temp.resolve("n1.log");
        try (SegmentedLog log = open(dir)) {
            appendRange(log, 1, 40, 1);
            log.commitIndex(5);
            log.deleteAllEntriesStartingFrom(8);
            appendRange(log, 8, 12, 2);
        }
        try (SegmentedLog log = open(dir)) {
            assertEquals(12, log.lastAppended());
            assertEntry(log, 7, 1);
            assertEntry(log, 8, 2);
            assertEntry(log, 12, 2);
            assertNull(log.get(13));
        }
    }

    @Test
    void forgettingOldEntriesDeletesWholeSegments() throws Exception {
        Path dir = temp.resolve("n1.log");
        try (SegmentedLog log = open(dir)) {
            appendRange(log, 1, 80, 1);
            log.commitIndex(80);
            int before = segmentFiles(dir).size();
            log.truncate(70);
            assertTrue(segmentFiles(dir).size() < before, segmentFiles(dir) + " after truncating " + before);
            assertEquals(70, log.firstAppended());
            assertEntry(log, 70, 1);
            assertNull(log.get(69));
        }
        try (SegmentedLog log = open(dir)) {
            assertEquals(70, log.firstAppended());
            assertEquals(80, log.lastAppended());
            assertEntry(log, 80, 1);
        }
    }

    @Test
    void aLogRestartedFromASnapshotKeepsItsPlaceholderEntry() throws Exception {
        Path dir = temp.resolve("n1.log");
        try (SegmentedLog log = open(dir)) {
            appendRange(log, 1, 5, 1);
            log.setSnapshot(ByteBuffer.wrap("state".getBytes(StandardCharsets.UTF_8)));
            log.reinitializeTo(500, new LogEntry(4, null));
        }
        try (SegmentedLog log = open(dir)) {
            assertEquals(500, log.firstAppended());
            assertEquals(500, log.lastAppended());
            assertEquals(500, log.commitIndex());
            assertEquals(4, log.get(500).term());
            assertEquals("state", StandardCharsets.UTF_8.decode(log.getSnapshot()).toString());
        }
    }

    @Test
    void aTornStateSlotFallsBackToTheOther() throws Exception {
        Path dir = temp.resolve("n1.log");
        Address voted = UUID.randomUUID();
        try (SegmentedLog log = open(dir)) {
            log.currentTerm(7).votedFor(voted);
            appendRange(log, 1, 3, 7);
            log.commitIndex(3);
        }
        overwrite(dir.resolve(LogMeta.NAME), 4096 + 20, new byte[] {1, 2, 3});
        overwrite(dir.resolve(LogMeta.NAME), 20, new byte[] {0});
        try (SegmentedLog log = open(dir)) {
            assertEquals(7, log.currentTerm(), "a term is never forgotten while one slot verifies");
            assertEquals(voted, log.votedFor());
        }
    }

    @Test
    void aSnapshotThatDoesNotVerifyIsNotUsed() throws Exception {
        Path dir = temp.resolve("n1.log");
        try (SegmentedLog log = open(dir)) {
            log.setSnapshot(ByteBuffer.wrap(new byte[1000]));
        }
        overwrite(dir.resolve(SnapshotFile.NAME), 500, new byte[] {9});
        try (SegmentedLog log = open(dir)) {
            assertNull(log.getSnapshot());
            assertTrue(log.damage().get(0).contains("snapshot"), log.damage().toString());
        }
    }

    @Test
    void aLogWrittenByJgroupsRaftIsConvertedAtTheFirstStart() throws Exception {
        Path dir = temp.resolve("n1.log");
        Address voted = UUID.randomUUID();
        FileBasedLog old = new FileBasedLog();
        old.init(dir.toString(), new HashMap<>());
        for (long i = 1; i <= 30; i++) {
            old.append(i, new LogEntries().add(new LogEntry(i <= 20 ? 1 : 2, payload(i, i <= 20 ? 1 : 2))));
        }
        old.currentTerm(2);
        old.votedFor(voted);
        old.commitIndex(25);
        old.setSnapshot(ByteBuffer.wrap("old snapshot".getBytes(StandardCharsets.UTF_8)));
        old.truncate(10);
        old.close();
        try (SegmentedLog log = open(dir)) {
            assertEquals(10, log.firstAppended());
            assertEquals(30, log.lastAppended());
            assertEquals(25, log.commitIndex());
            assertEquals(2, log.currentTerm());
            assertEquals(voted, log.votedFor());
            for (long i = 10; i <= 30; i++) {
                assertEntry(log, i, i <= 20 ? 1 : 2);
            }
            assertEquals("old snapshot", StandardCharsets.UTF_8.decode(log.getSnapshot()).toString());
        }
        assertFalse(Files.exists(dir.resolve("entries.raft")));
        assertFalse(Files.exists(dir.resolve("metadata.raft")));
        try (SegmentedLog log = open(dir)) {
            assertEquals(30, log.lastAppended());
        }
    }

    @Test
    void onAFullDiskAnAppendFailsWholeAndTheLogRecoversWhenSpaceComesBack() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(temp.resolve("disk"), 256 * 1024)) {
            Path dir = disk.path().resolve("n1.log");
            long appended;
            try (SegmentedLog log = open(dir)) {
                disk.fill();
                // The current segment and the spare made at start are the only room left.
                UncheckedIOException refused = null;
                long index = 1;
                while (refused == null && index < 10_000) {
                    try {
                        log.append(index, new LogEntries().add(new LogEntry(1, payload(index, 1))));
                        index++;
                    } catch (UncheckedIOException e) {
                        refused = e;
                    }
                }
                assertTrue(refused != null, "a full disk refuses an append");
                appended = index - 1;
                assertEquals(appended, log.lastAppended(), "the refused append counts for nothing");
                assertTrue(health.isFailing(StorageHealth.Part.RAFT_LOG));
                assertThrows(UncheckedIOException.class,
                        () -> log.append(appended + 1, new LogEntries().add(new LogEntry(1, payload(appended + 1, 1)))));
                disk.free();
                Await.until("the log recovering", Duration.ofSeconds(10), () -> !health.isFailing());
                appendRange(log, appended + 1, appended + 20, 1);
            }
            try (SegmentedLog log = open(dir)) {
                assertEquals(List.of(), log.damage());
                assertEquals(appended + 20, log.lastAppended());
                for (long i = 1; i <= appended + 20; i++) {
                    assertEntry(log, i, 1);
                }
            }
        }
    }

    private static long lastRecordEnd(Path segment) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return end;
    }

    private static void overwrite(Path file, long at, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), at);
        }
    }
}
