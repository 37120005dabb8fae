package dev.lighthouse.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The retained versions, oldest first, as an immutable value. Versions share
 * unchanged subtrees, so keeping a hundred of them costs little more than one.
 */
public final class VersionHistory {

    private final Version[] versions;

    private VersionHistory(Version[] versions) {
        this.versions = versions;
    }

    public static VersionHistory of(List<Version> oldestFirst) {
        if (oldestFirst.isEmpty()) {
            throw new IllegalArgumentException("a history holds at least the current version");
        }
        return new VersionHistory(oldestFirst.toArray(Version[]::new));
    }

    public VersionHistory append(Version next, int retain) {
        int keep = Math.min(versions.length, Math.max(retain, 1) - 1);
        Version[] newer = Arrays.copyOfRange(versions, versions.length - keep, versions.length + 1);
        newer[keep] = next;
        return new VersionHistory(newer);
    }

    /** This history without the versions newer than {@code seq}. */
    public VersionHistory upTo(long seq) {
        long keep = seq - versions[0].seq() + 1;
        if (keep < 1) {
            throw new IllegalArgumentException("version " + seq + " is older than the history");
        }
        return keep >= versions.length ? this : new VersionHistory(Arrays.copyOf(versions, (int) keep));
    }

    public Version current() {
        return versions[versions.length - 1];
    }

    public Version oldest() {
        return versions[0];
    }

    /** @return the version, or null when it is not retained */
    public Version get(long seq) {
        long index = seq - versions[0].seq();
        return index < 0 || index >= versions.length ? null : versions[(int) index];
    }

    public List<Version> newestFirst(int limit) {
        List<Version> out = new ArrayList<>(Math.min(limit, versions.length));
        for (int i = versions.length - 1; i >= 0 && out.size() < limit; i--) {
            out.add(versions[i]);
        }
        return out;
    }
}
