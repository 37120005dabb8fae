package dev.lighthouse.store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.OpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The data.d directory: file naming, crash-safe writes and listing. A file
 * appears under its final name only complete (temp file, then rename), so a
 * crash leaves either the old state or the new. Durable writes also sync the
 * file and the directory; new versions skip that because the Raft log already
 * holds their commands, and are synced in bulk before the log forgets them.
 */
public final class DataDir {

    private static final Pattern VERSION_NAME = Pattern.compile("(\\d{8}T\\d{6}\\.\\d{3}Z)-(\\d{6,19})\\.json");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String TEMP_SUFFIX = ".tmp";
    private static final String SPARE_PREFIX = "spare-";
    /** Enough for the versions pruned in one housekeeping pass at a few thousand commits a second. */
    private static final int MAX_SPARES = 512;
    /** Larger files are deleted, so spares never hold more than a few MiB of disk. */
    private static final long MAX_SPARE_BYTES = 16 * 1024;

    private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

    private final Path dir;
    private final FileChannel dirChannel;
    private final AtomicLong tempCounter = new AtomicLong();
    /** Emptied files of pruned versions, each reused for a new version (see {@link #retire}). */
    private final ConcurrentLinkedQueue<Path> spares = new ConcurrentLinkedQueue<>();
    private final AtomicInteger spareCount = new AtomicInteger();
    /** Syncs the directory while the writing thread syncs the file: the journal serves both at once. */
    private final ExecutorService directorySyncer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lighthouse-dir-sync");
        thread.setDaemon(true);
        return thread;
    });

    private DataDir(Path dir) throws IOException {
        this.dir = dir;
        this.dirChannel = FileChannel.open(dir, StandardOpenOption.READ);
    }

    /** Opens (creating it 0700 if missing) and removes temp files a crash left behind. */
    public static DataDir open(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            OwnerOnly.directory(dir);
        }
        DataDir dataDir = new DataDir(dir);
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, "*" + TEMP_SUFFIX)) {
            for (Path temp : temps) {
                Files.deleteIfExists(temp);
            }
        }
        return dataDir;
    }

    public Path path() {
        return dir;
    }

    /** A version file's seq and location. */
    public record Entry(long seq, Path path) {
    }

    /** Version files sorted by seq, then name. Corrupt-marked and foreign files are ignored. */
    public List<Entry> list() throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                Matcher m = VERSION_NAME.matcher(file.getFileName().toString());
                if (m.matches()) {
                    entries.add(new Entry(Long.parseLong(m.group(2)), file));
                }
            }
        }
        entries.sort(Comparator.comparingLong(Entry::seq).thenComparing(e -> e.path().getFileName().toString()));
        return entries;
    }

    /** Whether a file name is a version file's (seq and time), as opposed to hooks, temp or set-aside files. */
    public static boolean isVersionFile(String fileName) {
        return VERSION_NAME.matcher(fileName).matches();
    }

    public static String fileName(long seq, Instant timestamp) {
        // Built by hand: String.format was a visible share of the writer's CPU per commit.
        String digits = Long.toString(seq);
        StringBuilder name = new StringBuilder(32).append(STAMP.format(timestamp)).append('-');
        for (int i = digits.length(); i < 6; i++) {
            name.append('0');
        }
        return name.append(digits).append(".json").toString();
    }

    /** Writes a new version file durably and returns its path. */
    public Path write(VersionFile file) {
        Path target = dir.resolve(fileName(file.seq(), file.timestamp()));
        writeAtomically(target, file, true);
        return target;
    }

    /**
     * Writes a new version file without waiting for the disk: for versions whose command is
     * already durable elsewhere (the Raft log), so a crash costs only a rewrite at start-up.
     * {@link #sync} makes such files durable later.
     */
    public Path writeUnsynced(VersionFile file) {
        Path target = dir.resolve(fileName(file.seq(), file.timestamp()));
        writeAtomically(target, file, false);
        return target;
    }

    /** Makes earlier unsynced writes durable: each file's data, then the directory entries. */
    public void sync(List<Path> written) {
        try {
            for (Path file : written) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.force(false);
                } catch (java.nio.file.NoSuchFileException e) {
                    // pruned since: nothing left to make durable
                }
            }
            syncDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("could not sync data.d: " + e.getMessage(), e);
        }
    }

    /** Replaces an existing file's content atomically (used to turn a delta into a full file). */
    public void replace(Path target, VersionFile file) {
        writeAtomically(target, file, true);
    }

    /** Sets a file that failed verification aside, under a name no loader will pick up again. */
    public Path markCorrupt(Path file) throws IOException {
        return setAside(file, "corrupt");
    }

    /** Renames a version file to {@code <name>.<suffix>}, out of every loader's sight but kept for people to inspect. */
    public Path setAside(Path file, String suffix) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + "." + suffix);
        Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
        return aside;
    }

    public void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    /**
     * Removes a version file no longer needed, keeping a small one's inode and blocks (under a
     * temp name) for a coming version to be written over. ext4 makes every new inode skip the
     * ones freed in the last seconds ({@code recently_deleted}); with one file made and one
     * deleted per commit, on every node, that scan and the freeing cost more CPU than writing the
     * file (perf, three nodes on one disk). A crash leaves spares as temp files, which
     * {@link #open} removes; a version file written over a spare that a crash tore or left stale
     * fails verification at start (its checksum, or a seq other than its name's).
     */
    public void retire(Path file) throws IOException {
        if (spareCount.get() >= MAX_SPARES) {
            delete(file);
            return;
        }
        if (Files.size(file) > MAX_SPARE_BYTES) {
            delete(file);
            return;
        }
        Path spare = dir.resolve(SPARE_PREFIX + tempCounter.incrementAndGet() + TEMP_SUFFIX);
        try {
            Files.move(file, spare, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.NoSuchFileException e) {
            return;
        }
        spares.add(spare);
        spareCount.incrementAndGet();
    }

    /** Total bytes of the version files, for metrics. */
    public long sizeBytes() {
        long total = 0;
        try {
            for (Entry entry : list()) {
                total += Files.size(entry.path());
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }

    /**
     * Writes to a temp file, renames it into place, then syncs the file's data and the directory.
     * Syncing after the rename lets both syncs be the last step; a crash before they finish can
     * leave a torn file under the final name, which is safe because recovery verifies every file
     * against its checksum and sets a torn one aside (and its commit was not yet acknowledged).
     */
    private void writeAtomically(Path target, VersionFile file, boolean durable) {
        Path temp = spares.poll();
        FileChannel reused = null;
        if (temp != null) {
            spareCount.decrementAndGet();
            reused = openSpare(temp);
        }
        if (reused == null) {
            temp = dir.resolve(target.getFileName() + "." + tempCounter.incrementAndGet() + TEMP_SUFFIX);
        }
        try {
            try (FileChannel channel = reused != null ? reused : createOwnerOnly(temp)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
                file.writeTo(out);
                out.flush();
                if (reused != null && channel.size() > channel.position()) {
                    channel.truncate(channel.position());
                }
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IOException("data.d must be on a file system with atomic rename", e);
                }
                if (durable) {
                    Future<?> directorySynced = directorySyncer.submit(() -> {
                        syncDirectory();
                        return null;
                    });
                    channel.force(false);
                    awaitDirectorySync(directorySynced);
                }
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the next start removes leftover temp files
            }
            throw new UncheckedIOException("could not write " + target.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private void syncDirectory() throws IOException {
        dirChannel.force(true);
    }

    private static void awaitDirectorySync(Future<?> directorySynced) throws IOException {
        try {
            directorySynced.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while syncing the directory", e);
        }
    }

    /** @return the spare opened for writing, or null when it cannot be used (and is gone) */
    private static FileChannel openSpare(Path spare) {
        try {
            return FileChannel.open(spare, StandardOpenOption.WRITE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(spare);
            } catch (IOException ignored) {
                // the next start removes leftover temp files
            }
            return null;
        }
    }

    private static FileChannel createOwnerOnly(Path path) throws IOException {
        try {
            return FileChannel.open(path, CREATE, OwnerOnly.FILE);
        } catch (UnsupportedOperationException e) {
            return FileChannel.open(path, CREATE); // not a POSIX file system: nothing stronger to ask for
        }
    }

    public void close() {
        directorySyncer.shutdown();
        try {
            dirChannel.close();
        } catch (IOException e) {
            // nothing was pending on it
        }
    }
}
