package dev.lighthouse.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node told no data.d starts from a copy of the bundled example, never from the example itself. */
class BundledExampleTest {

    private static final String VERSION = "20261122T034414.832Z-000001.json";

    @TempDir
    Path temp;

    private Path bundled() throws Exception {
        Path bundled = Files.createDirectories(temp.resolve("install/data.d"));
        Files.writeString(bundled.resolve(VERSION), "{\"the\":\"example\"}");
        Files.createDirectories(bundled.resolve("cluster")); // left by an old default start
        Files.writeString(bundled.resolve("hooks.json"), "{}");
        return bundled;
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theFirstStartCopiesTheVersionFilesOnlyAndSaysWhere() throws Exception {
        Path bundled = bundled();
        Path target = temp.resolve("install/var/data.d");
        try (LogCapture log = LogCapture.of(BundledExample.class.getName())) {
            BundledExample.copyIfMissing(bundled, target);
            assertEquals(1, log.matching("INFO", bundled.toString(), target.toString()).size(), log.lines().toString());
        }
        assertEquals(List.of(VERSION), names(target));
        assertEquals("{\"the\":\"example\"}", Files.readString(target.resolve(VERSION)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve(VERSION))));
        assertEquals(List.of(VERSION, "cluster", "hooks.json"), names(bundled), "the example itself is left as it was");
        assertFalse(Files.exists(temp.resolve("install/var/data.d.tmp")));
    }

    @Test
    void laterStartsKeepTheirOwnDataDir() throws Exception {
        Path bundled = bundled();
        Path target = Files.createDirectories(temp.resolve("install/var/data.d"));
        Files.writeString(target.resolve("20261201T000000.000Z-000002.json"), "{\"newer\":true}");
        try (LogCapture log = LogCapture.of(BundledExample.class.getName())) {
            BundledExample.copyIfMissing(bundled, target);
            assertTrue(log.lines().isEmpty(), log.lines().toString());
        }
        assertEquals(List.of("20261201T000000.000Z-000002.json"), names(target));
    }
}
