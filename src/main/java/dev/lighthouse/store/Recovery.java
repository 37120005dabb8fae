package dev.lighthouse.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads data.d at start: finds a full file that verifies (the anchor), replays
 * the deltas after it, each checked against its base and its own checksum,
 * and stops at the first file that does not verify. Every file that fails is
 * renamed {@code *.corrupt} and reported; none is ever loaded.
 */
final class Recovery {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /** What start-up found: the retained versions (oldest first) and the files still in use. */
    record Result(List<Version> versions, NavigableMap<Long, StoredFile> files, List<String> problems) {
    }

    private final DataDir dir;
    private final List<String> problems = new ArrayList<>();
    private final NavigableMap<Long, StoredFile> files = new TreeMap<>();

    private Recovery(DataDir dir) {
        this.dir = dir;
    }

    static Result load(DataDir dir, int retain) throws IOException {
        return new Recovery(dir).run(retain);
    }

    private Result run(int retain) throws IOException {
        List<DataDir.Entry> entries = withoutDuplicateSeqs(dir.list());
        if (entries.isEmpty()) {
            return new Result(List.of(Version.empty()), files, problems);
        }
        long newest = entries.get(entries.size() - 1).seq();
        // While data.d holds fewer than retain versions, the oldest file is the oldest one wanted.
        long oldestWanted = Math.max(newest - retain + 1, entries.get(0).seq());
        Anchor anchor = findAnchor(entries, oldestWanted);
        List<Version> versions = new ArrayList<>();
        if (anchor == null) {
            report("no file in " + dir.path() + " verifies; starting from the empty version 0");
            for (DataDir.Entry entry : entries) {
                setAside(entry, "not loadable without a verified full file before it");
            }
            versions.add(Version.empty());
            return new Result(versions, files, problems);
        }
        for (int i = 0; i < anchor.index(); i++) {
            files.put(entries.get(i).seq(), new StoredFile(entries.get(i).seq(), entries.get(i).path(), false));
        }
        if (anchor.version().seq() == 1) {
            versions.add(Version.empty()); // never written, but part of the history a running node shows
        }
        versions.add(anchor.version());
        files.put(anchor.version().seq(), new StoredFile(anchor.version().seq(), entries.get(anchor.index()).path(), true));
        replay(entries, anchor.index() + 1, versions);
        int keep = Math.min(versions.size(), Math.max(1, retain));
        return new Result(new ArrayList<>(versions.subList(versions.size() - keep, versions.size())), files, problems);
    }

    /** The full file replay starts from: its position in the entries and the version it holds. */
    private record Anchor(int index, Version version) {
    }

    /**
     * Prefers the newest full file at or before the oldest version to retain, so history is complete.
     *
     * @return the anchor, or null when no full file verifies
     */
    private Anchor findAnchor(List<DataDir.Entry> entries, long oldestWanted) throws IOException {
        for (int pass = 0; pass < 2; pass++) {
            for (int i = entries.size() - 1; i >= 0; i--) {
                DataDir.Entry entry = entries.get(i);
                boolean early = entry.seq() <= oldestWanted;
                if ((pass == 0) != early || !Files.exists(entry.path()) || !isFull(entry)) {
                    continue;
                }
                try {
                    return new Anchor(i, load(entry, null).version());
                } catch (IOException | RuntimeException e) {
                    setAside(entry, e.getMessage());
                }
            }
        }
        return null;
    }

    /**
     * Replays files in seq order. At the first file that does not verify, the chain is broken: the
     * newest state is then the first later full file that verifies (history restarts there), and
     * the files in between, which cannot be verified without the broken one, are set aside.
     */
    private void replay(List<DataDir.Entry> entries, int from, List<Version> versions) throws IOException {
        for (int i = from; i < entries.size(); i++) {
            DataDir.Entry entry = entries.get(i);
            Version previous = versions.get(versions.size() - 1);
            try {
                if (entry.seq() != previous.seq() + 1) {
                    throw new CorruptFileException("version " + (previous.seq() + 1) + " is missing");
                }
                Loaded loaded = load(entry, previous);
                versions.add(loaded.version());
                files.put(entry.seq(), new StoredFile(entry.seq(), entry.path(), loaded.file().isFull()));
            } catch (IOException | RuntimeException e) {
                setAside(entry, e.getMessage());
                int restart = restartAfterBreak(entries, i + 1, versions);
                if (restart < 0) {
                    return;
                }
                i = restart;
            }
        }
    }

    /** @return the index of the full file the chain restarts from, or -1 when none verifies */
    private int restartAfterBreak(List<DataDir.Entry> entries, int from, List<Version> versions) throws IOException {
        for (int j = from; j < entries.size(); j++) {
            DataDir.Entry entry = entries.get(j);
            if (isFull(entry)) {
                try {
                    Version restart = load(entry, null).version();
                    report("history restarts at version " + restart.seq() + " after a broken chain");
                    versions.clear();
                    versions.add(restart);
                    files.put(entry.seq(), new StoredFile(entry.seq(), entry.path(), true));
                    return j;
                } catch (IOException | RuntimeException e) {
                    setAside(entry, e.getMessage());
                    continue;
                }
            }
            setAside(entry, "follows an unloadable version and holds only a delta");
        }
        return -1;
    }

    private List<DataDir.Entry> withoutDuplicateSeqs(List<DataDir.Entry> sorted) throws IOException {
        List<DataDir.Entry> unique = new ArrayList<>();
        for (DataDir.Entry entry : sorted) {
            if (!unique.isEmpty() && unique.get(unique.size() - 1).seq() == entry.seq()) {
                setAside(unique.remove(unique.size() - 1), "another file holds the same seq " + entry.seq());
            }
            unique.add(entry);
        }
        return unique;
    }

    private static boolean isFull(DataDir.Entry entry) {
        try (InputStream in = Files.newInputStream(entry.path())) {
            return VersionFile.isFullFile(in);
        } catch (IOException | RuntimeException e) {
            return true; // let the full read report what is wrong with it
        }
    }

    private record Loaded(VersionFile file, Version version) {
    }

    /**
     * Reads a file the fast way and verifies it; a file that does not verify is read again with
     * the strict parser before it is called corrupt, so that only the file, never the fast
     * reader, can be the reason it is set aside.
     */
    private static Loaded load(DataDir.Entry entry, Version base) throws IOException {
        try {
            VersionFile file = checkedSeq(entry, VersionFile.readFast(entry.path()));
            return new Loaded(file, file.toVersion(base));
        } catch (IOException | RuntimeException fast) {
            VersionFile file;
            try (InputStream in = Files.newInputStream(entry.path())) {
                file = checkedSeq(entry, VersionFile.readFrom(in));
            }
            return new Loaded(file, file.toVersion(base));
        }
    }

    /** A file reused for a new version (see {@link DataDir#retire}) must not pass for an older one. */
    private static VersionFile checkedSeq(DataDir.Entry entry, VersionFile file) {
        if (file.seq() != entry.seq()) {
            throw new CorruptFileException("it holds version " + file.seq() + ", not the one its name says");
        }
        return file;
    }

    private void setAside(DataDir.Entry entry, String why) throws IOException {
        if (!Files.exists(entry.path())) {
            return;
        }
        report(entry.path().getFileName() + " does not verify (" + why + "); renamed to "
                + dir.markCorrupt(entry.path()).getFileName());
    }

    private void report(String problem) {
        LOG.warn(problem);
        problems.add(problem);
    }
}
