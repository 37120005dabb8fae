package dev.lighthouse.cluster.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import org.jgroups.protocols.raft.FileBasedLog;
import org.jgroups.protocols.raft.LogEntries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts a log written by jgroups-raft's {@link FileBasedLog} (Lighthouse up
 * to this version) at the first start: entries, term, vote, commit index and
 * snapshot are copied into the new files, the new state file is written last
 * (its presence marks the conversion done), and only then are the old files
 * deleted. A crash halfway leaves the old files in charge, and the next start
 * converts again.
 */
final class LegacyLog {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyLog.class);
    private static final String[] FILES = {"entries.raft", "metadata.raft", "state_snapshot.raft"};

    private LegacyLog() {
    }

    static boolean isPresent(Path dir) {
        return Files.exists(dir.resolve("metadata.raft")) || Files.exists(dir.resolve("entries.raft"));
    }

    /**
     * Converts the old log in {@code dir} into {@code into}: what an interrupted conversion left
     * is removed, entries and snapshot are copied, the new state file is written (marking the
     * conversion done) and the old files are deleted.
     *
     * @return the new state file
     */
    static LogMeta convert(Path dir, SegmentedLog into) throws Exception {
        deleteConverted(dir);
        LogMeta.State state = migrate(dir, into);
        into.endConversion();
        LogMeta meta = LogMeta.create(dir, state);
        deleteOld(dir);
        return meta;
    }

    /** Copies the old log's entries and snapshot into {@code into}; returns the state to record. */
    private static LogMeta.State migrate(Path dir, SegmentedLog into) throws Exception {
        FileBasedLog old = new FileBasedLog();
        old.init(dir.toString(), new HashMap<>());
        try {
            ByteBuffer snapshot = old.getSnapshot();
            if (snapshot != null) {
                into.setSnapshot(snapshot);
            }
            long first = old.firstAppended();
            long last = old.lastAppended();
            long from = Math.max(first, 1);
            long copied = 0;
            into.startEmptyAt(from);
            for (long i = from; i <= last; i++) {
                org.jgroups.protocols.raft.LogEntry entry = old.get(i);
                if (entry == null) {
                    LOG.warn("Raft log {}: the old log has no readable entry {}; copied up to {}", dir, i, i - 1);
                    last = i - 1;
                    break;
                }
                into.append(i, new LogEntries().add(entry));
                copied++;
            }
            LOG.info("Raft log {}: converted jgroups-raft's file log ({} entries, {}..{}, commit {}, term {})", dir,
                    copied, from, last, old.commitIndex(), old.currentTerm());
            return new LogMeta.State(old.currentTerm(), old.votedFor(), Math.min(old.commitIndex(), last),
                    Math.max(first, 0));
        } finally {
            old.close();
        }
    }

    private static void deleteConverted(Path dir) throws IOException {
        try (var segments = Files.newDirectoryStream(dir, "*.seg")) {
            for (Path segment : segments) {
                Files.deleteIfExists(segment);
            }
        }
        Files.deleteIfExists(dir.resolve(SnapshotFile.NAME));
    }

    private static void deleteOld(Path dir) throws IOException {
        for (String name : FILES) {
            Files.deleteIfExists(dir.resolve(name));
        }
        LogFiles.syncDirectory(dir);
    }
}
