package dev.lighthouse.security;

import dev.lighthouse.config.AccessSection;
import dev.lighthouse.config.ConfigException;
import dev.lighthouse.config.ConfigFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the conf file's {@code access} section when the file changes (checked every second)
 * or the process gets SIGHUP, so tokens and secrets can be added, rotated and revoked without a
 * restart. A file that no longer parses leaves the rules in force as they were, and says why.
 * Only {@code access} is re-read; other settings still need a restart.
 */
public final class AccessReloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AccessReloader.class);
    static final long POLL_MILLIS = 1000;

    private record Stamp(long modified, long size, Object key) {
    }

    private final Path confFile;
    private final AccessControl control;
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean hangup;
    private Stamp seen;

    public AccessReloader(Path confFile, AccessControl control) {
        this.confFile = confFile;
        this.control = control;
        this.seen = stamp();
        this.thread = new Thread(this::run, "lighthouse-access-reload");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                hangup = true;
                thread.interrupt();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.info("SIGHUP cannot be caught here ({}); {} is still re-read when it changes", e.getMessage(), confFile);
        }
    }

    /** Re-reads the file now; true when the new rules are in force. */
    public boolean reload() {
        try {
            AccessSection section = ConfigFile.read(confFile).access();
            AccessPolicy next = section == null ? null : AccessPolicy.of(section);
            boolean wasEnabled = control.enabled();
            control.replace(next);
            if (next == null) {
                if (wasEnabled) {
                    LOG.warn("access control is off after reloading {}: reads are open and writes come from loopback only",
                            confFile);
                }
            } else {
                LOG.info("access rules reloaded from {}: {} token(s), {} secret(s)", confFile, next.tokenCount(),
                        next.secretCount());
            }
            return true;
        } catch (ConfigException e) {
            LOG.error("kept the access rules in force: {}", e.getMessage());
            return false;
        }
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
            }
            Stamp now = stamp();
            if (hangup || !Objects.equals(now, seen)) {
                hangup = false;
                seen = now;
                reload();
            }
        }
    }

    private Stamp stamp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(confFile, BasicFileAttributes.class);
            return new Stamp(attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS), attributes.size(),
                    attributes.fileKey());
        } catch (IOException e) {
            return null; // being replaced: the next poll sees the new file
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
