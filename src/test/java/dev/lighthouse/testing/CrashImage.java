package dev.lighthouse.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a kill leaves of a data.d: a copy taken while the node runs (a clean stop would sync
 * data.d, snapshot and truncate the log), without the temp files a write in progress leaves.
 */
public final class CrashImage {

    private static final Pattern VERSION_FILE = Pattern.compile(".*-0*(\\d+)\\.json");

    private CrashImage() {
    }

    /** Copies {@code dataDir}, as it is this moment, to {@code image}. */
    public static void take(Path dataDir, Path image) throws IOException {
        try (Stream<Path> paths = Files.walk(dataDir)) {
            for (Path path : paths.toList()) {
                Path target = image.resolve(dataDir.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else if (!path.getFileName().toString().endsWith(".tmp")) {
                    Files.copy(path, target);
                }
            }
        }
    }

    /** Replaces {@code dataDir} (its node stopped) with {@code image}, as if the node had died when it was taken. */
    public static void restore(Path image, Path dataDir) throws IOException {
        try (Stream<Path> paths = Files.walk(dataDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
        Files.move(image, dataDir);
    }

    /** Deletes the version files after {@code seq}: versions written but never synced, lost with the machine. */
    public static int dropVersionsAfter(Path dataDir, long seq) throws IOException {
        int dropped = 0;
        try (Stream<Path> files = Files.list(dataDir)) {
            for (Path file : files.toList()) {
                Matcher m = VERSION_FILE.matcher(file.getFileName().toString());
                if (m.matches() && Long.parseLong(m.group(1)) > seq) {
                    Files.delete(file);
                    dropped++;
                }
            }
        }
        return dropped;
    }
}
