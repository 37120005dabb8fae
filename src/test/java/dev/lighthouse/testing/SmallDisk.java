package dev.lighthouse.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real small file system to fill: a tmpfs mounted on a test's directory. Mounting needs root
 * (tests run as root here and in CI); elsewhere the test is skipped with a message saying why.
 * {@link #resize} gives space back (or takes it) without unmounting, as an operator growing a
 * volume would.
 */
public final class SmallDisk implements AutoCloseable {

    private final Path dir;
    private Path filler;

    private SmallDisk(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code bytes} on {@code dir} (created if missing), or skips the test. */
    public static SmallDisk mount(Path dir, long bytes) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", dir.toString());
        Assumptions.assumeTrue(failure == null, () -> "skipped: this test fills a real disk and needs to mount a"
                + " tmpfs, which needs root (" + failure + ")");
        return new SmallDisk(dir);
    }

    public Path path() {
        return dir;
    }

    /** Changes the file system's size in place; what is on it stays. */
    public void resize(long bytes) throws IOException, InterruptedException {
        String failure = run("mount", "-o", "remount,size=" + bytes, dir.toString());
        if (failure != null) {
            throw new IOException("could not resize the tmpfs on " + dir + ": " + failure);
        }
    }

    /** Remounts it read-only, as a volume the kernel gave up on (or an operator's ro mount) is. */
    public void readOnly() throws IOException, InterruptedException {
        String failure = run("mount", "-o", "remount,ro", dir.toString());
        if (failure != null) {
            throw new IOException("could not remount " + dir + " read-only: " + failure);
        }
    }

    /** Fills every free byte with a file of its own; {@link #free} deletes it again. */
    public void fill() throws IOException {
        filler = dir.resolve("filler-" + System.nanoTime());
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (int i = 0; i < 1_000_000; i++) {
                out.write(block);
            }
        } catch (IOException full) {
            // the disk is full: exactly what was asked for
        }
    }

    /** Deletes what {@link #fill} wrote. */
    public void free() throws IOException {
        if (filler != null) {
            Files.deleteIfExists(filler);
            filler = null;
        }
    }

    public long freeBytes() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", "-l", dir.toString());
    }

    /** @return null when the command succeeded, else what it said */
    private static String run(String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(command));
        Process process;
        try {
            process = new ProcessBuilder(args).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", args) + " did not finish in 30 s";
        }
        String output = new String(process.getInputStream().readAllBytes()).trim();
        return process.exitValue() == 0 ? null : output;
    }
}
