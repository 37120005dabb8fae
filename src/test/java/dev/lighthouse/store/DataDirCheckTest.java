package dev.lighthouse.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a node says about a data.d it cannot use, before it touches it. */
class DataDirCheckTest {

    @TempDir
    Path temp;

    @Test
    void aMissingDataDirIsCreatedWhenItsParentExistsAndTheLogSaysSo() {
        Path dir = temp.resolve("new.d");
        try (LogCapture log = LogCapture.of(DataDirCheck.class.getName())) {
            DataDirCheck.prepare(dir);
            assertTrue(Files.isDirectory(dir));
            assertEquals(1, log.matching("WARNING", dir.toString(), "did not exist").size(), log.lines().toString());
            DataDirCheck.prepare(dir);
            assertEquals(1, log.lines().size(), "an existing data.d is no news: " + log.lines());
        }
    }

    @Test
    void aMistypedPathWhoseParentIsMissingCreatesNothing() {
        Path dir = temp.resolve("typo/data.d");
        StartRefused refused = assertThrows(StartRefused.class, () -> DataDirCheck.prepare(dir));
        assertEquals("data.d " + dir + " does not exist, and neither does " + dir.getParent()
                + "; check the path, or create the directory first", refused.getMessage());
        assertFalse(Files.exists(dir.getParent()));
    }

    @Test
    void aFileIsNoDataDir() throws Exception {
        Path file = Files.createFile(temp.resolve("file.d"));
        assertEquals("data.d " + file + " is a file, not a directory",
                assertThrows(StartRefused.class, () -> DataDirCheck.prepare(file)).getMessage());
        Path dir = Files.createDirectory(temp.resolve("d"));
        Files.createFile(dir.resolve("cluster"));
        assertEquals("data.d " + dir + ": cluster is a file, not a directory",
                assertThrows(StartRefused.class, () -> DataDirCheck.prepare(dir)).getMessage());
    }
}
