package dev.lighthouse.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.tree.ArrayNode;
import dev.lighthouse.tree.Diff;
import dev.lighthouse.tree.Edits;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.Node;
import dev.lighthouse.tree.NumberNode;
import dev.lighthouse.tree.ObjectNode;
import dev.lighthouse.tree.StringNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** data.d on a real file system: what is written, what survives damage, what retention keeps. */
class VersionStoreTest {

    @TempDir
    Path dir;

    private VersionHistory history;
    private int retain = 100;

    /** Commits as the applier does: persist with the oldest retained version, then extend the history. */
    private Version commit(VersionStore store, Version previous, ObjectNode document) {
        Version next = new Version(previous.seq() + 1, document, Instant.parse("2026-11-22T10:00:00Z")
                .plusMillis(previous.seq()), "test", null, Diff.changedPointers(Diff.between(previous.root(), document)), 0);
        VersionHistory extended = history.append(next, retain);
        store.persist(next, previous, Diff.between(previous.root(), document), extended.oldest(), false);
        history = extended;
        return next;
    }

    /** A document above the inline limit, so small changes are written as deltas. */
    private static ObjectNode largeDocument() {
        ObjectNode.Builder builder = new ObjectNode.Builder();
        for (int i = 0; i < 4000; i++) {
            builder.put("key-" + i, StringNode.of("value number " + i + " padded to make the document large"));
        }
        return builder.build();
    }

    private List<Path> versionFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches(".*-\\d+\\.json")).sorted().toList();
        }
    }

    private List<Path> corruptFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".corrupt")).sorted().toList();
        }
    }

    private Version writeVersions(int count, int retain) {
        this.retain = retain;
        VersionStore.Recovered opened = open(retain);
        Version version = opened.history().current();
        ObjectNode document = largeDocument();
        for (int i = 1; i <= count; i++) {
            document = Edits.put(document, JsonPath.of("counter"), NumberNode.of(i));
            version = commit(opened.store(), version, document);
            opened.store().awaitHousekeeping();
        }
        opened.store().close();
        return version;
    }

    private VersionStore.Recovered open(int retain) {
        try {
            VersionStore.Recovered opened = VersionStore.open(dir, retain, new dev.lighthouse.store.StorageHealth());
            history = opened.history();
            return opened;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void versionsLoadedAtStartCountAsDurableOnceSynced() {
        VersionStore.Recovered first = open(retain);
        Version previous = first.history().current();
        ObjectNode document = largeDocument();
        Version made = new Version(1, document, Instant.parse("2026-11-22T10:00:00Z"), "test", null, List.of(), 7);
        first.store().persist(made, previous, Diff.between(previous.root(), document), previous, false);
        first.store().close();

        VersionStore.Recovered again = open(retain);
        again.store().syncWritten();
        assertEquals(7, again.store().durableIndex(), "the Raft log may forget what the loaded files hold");
        again.store().close();
    }

    @Test
    void smallChangesToALargeDocumentAreStoredAsDeltasAndReplayedExactly() throws Exception {
        Version last = writeVersions(5, 100);
        List<Path> files = versionFiles();
        assertEquals(5, files.size(), "version 1 full, then one delta per commit");
        assertTrue(Files.size(files.get(0)) > 100_000, "version 1 holds the whole document");
        assertTrue(Files.size(files.get(4)) < 1000, "a one-key delta is small: " + Files.size(files.get(4)));
        VersionStore.Recovered reopened = open(100);
        assertEquals(last.seq(), reopened.history().current().seq());
        assertEquals(last.checksum(), reopened.history().current().checksum());
        assertEquals(0, reopened.history().oldest().seq(), "every retained version is rebuilt, the empty version 0 included");
        assertTrue(reopened.problems().isEmpty());
        reopened.store().close();
    }

    @Test
    void documentsTheFastReaderLeavesToTheStrictParserStillLoad() throws Exception {
        VersionStore.Recovered opened = open(retain);
        Version version = opened.history().current();
        Node deep = StringNode.of("bottom");
        for (int i = 0; i < 1100; i++) {
            deep = ArrayNode.of(deep);
        }
        ObjectNode document = ObjectNode.EMPTY.with("deep", deep)
                .with("text", StringNode.of("caf\u00e9 \u4e2d\u6587 \ud83d\ude00 \"quoted\"\n\ttab"));
        version = commit(opened.store(), version, document);
        opened.store().close();

        VersionStore.Recovered reopened = open(retain);
        assertEquals(version.checksum(), reopened.history().current().checksum());
        assertTrue(reopened.problems().isEmpty(), reopened.problems().toString());
        reopened.store().close();
    }

    @Test
    void aTornNewestFileIsSetAsideAndThePreviousVersionServed() throws Exception {
        Version last = writeVersions(3, 100);
        Path newest = versionFiles().get(versionFiles().size() - 1);
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        VersionStore.Recovered reopened = open(100);
        assertEquals(last.seq() - 1, reopened.history().current().seq());
        assertEquals(1, reopened.problems().size());
        assertEquals(List.of(newest.resolveSibling(newest.getFileName() + ".corrupt")), corruptFiles());
        reopened.store().close();
    }

    @Test
    void aBitFlipInTheNewestFullFileIsCaughtByItsChecksum() throws Exception {
        VersionStore.Recovered opened = open(100);
        Version v1 = commit(opened.store(), opened.history().current(),
                ObjectNode.EMPTY.with("host", StringNode.of("alpha")));
        Version v2 = commit(opened.store(), v1, ObjectNode.EMPTY.with("host", StringNode.of("bravo")));
        opened.store().close();
        Path newest = versionFiles().get(1);
        String content = Files.readString(newest);
        Files.writeString(newest, content.replace("bravo", "brava"));
        VersionStore.Recovered reopened = open(100);
        assertEquals(v1.checksum(), reopened.history().current().checksum());
        assertFalse(reopened.problems().isEmpty());
        assertTrue(reopened.problems().get(0).contains("checksum mismatch"), reopened.problems().get(0));
        assertEquals(1, corruptFiles().size());
        reopened.store().close();
        assertEquals(2, v2.seq());
    }

    @Test
    void aDamagedDeltaInTheMiddleStopsReplayThereAndSetsAsideWhatFollows() throws Exception {
        writeVersions(5, 100);
        Path third = versionFiles().get(2);
        Files.writeString(third, Files.readString(third).replace("\"value\":3", "\"value\":33"));
        VersionStore.Recovered reopened = open(100);
        assertEquals(2, reopened.history().current().seq());
        assertEquals(3, corruptFiles().size(), "versions 3, 4 and 5 cannot be verified any more");
        reopened.store().close();
    }

    @Test
    void aLaterFullFileThatVerifiesWinsOverABrokenDeltaBeforeIt() throws Exception {
        writeVersions(3, 100);
        VersionStore.Recovered opened = open(100);
        ObjectNode small = ObjectNode.EMPTY.with("replaced", StringNode.of("whole"));
        Version v4 = commit(opened.store(), opened.history().current(), small);
        opened.store().close();
        Path second = versionFiles().get(1);
        Files.writeString(second, Files.readString(second).replace("\"value\":2", "\"value\":22"));
        VersionStore.Recovered reopened = open(100);
        assertEquals(v4.checksum(), reopened.history().current().checksum(), "version 4 is full and verifies");
        assertEquals(4, reopened.history().oldest().seq(), "history restarts at the full file");
        assertEquals(2, corruptFiles().size(), "the broken delta 2 and the unverifiable delta 3");
        reopened.store().close();
    }

    @Test
    void retentionKeepsTheNewestVersionsAndTheFullFileTheyAreBuiltFrom() throws Exception {
        Version last = writeVersions(30, 5);
        List<Path> files = versionFiles();
        assertTrue(files.size() <= 2 * 5, "retain versions plus at most one compaction interval: " + files.size());
        assertTrue(files.size() >= 5, "never fewer than retain: " + files.size());
        assertTrue(Files.readString(files.get(0)).contains("\"kind\":\"full\""), "the oldest kept file is full");
        VersionStore.Recovered reopened = open(5);
        assertEquals(last.checksum(), reopened.history().current().checksum());
        assertEquals(last.seq() - 4, reopened.history().oldest().seq(), "exactly --retain versions are served");
        reopened.store().close();
    }

    @Test
    void leftoverTempFilesFromACrashAreRemovedAtStart() throws Exception {
        writeVersions(1, 100);
        Path temp = dir.resolve("20261122T100000.000Z-000002.json.7.tmp");
        Files.writeString(temp, "{\"format\":1,\"kind\":\"full\",\"se");
        VersionStore.Recovered reopened = open(100);
        assertFalse(Files.exists(temp));
        assertEquals(1, reopened.history().current().seq());
        assertTrue(reopened.problems().isEmpty());
        reopened.store().close();
    }

    @Test
    void nothingLoadableMeansTheEmptyVersionAndEveryFileSetAside() throws Exception {
        Files.writeString(dir.resolve("20261122T100000.000Z-000001.json"), "{\"format\":1,\"kin");
        VersionStore.Recovered reopened = open(100);
        assertEquals(0, reopened.history().current().seq());
        assertEquals(1, corruptFiles().size());
        reopened.store().close();
    }

    @Test
    void aFileHoldingAnOlderVersionThanItsNameSaysIsSetAside() throws Exception {
        VersionStore.Recovered opened = open(100);
        Version v1 = commit(opened.store(), opened.history().current(), ObjectNode.EMPTY.with("n", NumberNode.of(1)));
        commit(opened.store(), v1, ObjectNode.EMPTY.with("n", NumberNode.of(2)));
        opened.store().close();
        List<Path> files = versionFiles();
        // What a crash could leave if a reused file's rename reached the disk and its new content did not.
        Files.copy(files.get(0), files.get(1), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        VersionStore.Recovered reopened = open(100);
        assertEquals(v1.checksum(), reopened.history().current().checksum());
        assertEquals(1, corruptFiles().size());
        assertTrue(reopened.problems().get(0).contains("not the one its name says"), reopened.problems().get(0));
        reopened.store().close();
    }

    @Test
    void prunedSmallFilesAreWrittenOverByLaterVersionsAndStartUpDropsTheSpares() throws Exception {
        retain = 2;
        VersionStore.Recovered opened = open(2);
        Version version = opened.history().current();
        java.util.Set<Object> inodes = new java.util.HashSet<>();
        for (int i = 1; i <= 40; i++) {
            version = commit(opened.store(), version, ObjectNode.EMPTY.with("n", NumberNode.of(i)));
            opened.store().awaitHousekeeping();
            for (Path file : versionFiles()) {
                inodes.add(Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
            }
        }
        opened.store().close();
        assertTrue(inodes.size() < 20, "40 versions, retain 2: most files reuse a pruned one's inode, "
                + inodes.size() + " distinct");
        VersionStore.Recovered reopened = open(2);
        assertEquals(version.checksum(), reopened.history().current().checksum());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(f -> f.toString().endsWith(".tmp")).toList(), "spares are removed at start");
        }
        reopened.store().close();
    }
}
