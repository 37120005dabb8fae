package dev.lighthouse.config;

import dev.lighthouse.coord.CoordinationLimits;
import dev.lighthouse.tree.JsonLimits;
import java.time.Duration;

/**
 * Bounds on client input and on waiting, each configurable in the conf file.
 *
 * @param maxBodyBytes    request body (413 beyond)
 * @param maxDepth        JSON nesting (400 beyond)
 * @param maxStringLength JSON string or key length in characters (400 beyond)
 * @param maxPathBytes    request path (414 beyond)
 * @param maxTtl          longest lock lease
 * @param maxWait         longest wait for a held lock
 * @param writeTimeout    how long a write may take before it fails with 503
 * @param maxWatchersPerAddress watch streams and long polls one client address may hold open (429 beyond)
 * @param watchHeartbeat  how often a quiet watch stream gets a comment line, so that proxies and
 *                        clients can tell a live stream from a dead one
 * @param hookRetryFirst  the wait before a failed hook notification's first retry; it doubles each time
 * @param hookRetryMax    the longest wait between retries
 * @param hookGiveUpAfter a notification still failing this long after its first attempt is dropped
 * @param maxSessions     sessions in the cluster (409 limit-exceeded beyond)
 * @param maxGroupMembers members in one group (409 limit-exceeded beyond)
 * @param maxMemberValueBytes a group member's value as compact JSON (413 beyond)
 */
public record Limits(long maxBodyBytes, int maxDepth, int maxStringLength, int maxPathBytes,
                     Duration maxTtl, Duration maxWait, Duration writeTimeout, int maxWatchersPerAddress,
                     Duration watchHeartbeat, Duration hookRetryFirst, Duration hookRetryMax,
                     Duration hookGiveUpAfter, int maxSessions, int maxGroupMembers, int maxMemberValueBytes) {

    public static final Limits DEFAULT = new Limits(16L * 1024 * 1024, 1000, 16 * 1024 * 1024, 8 * 1024,
            Duration.ofHours(24), Duration.ofMinutes(10), Duration.ofSeconds(10), 1000, Duration.ofSeconds(15),
            Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofHours(24));

    /** Everything but the coordination bounds, which keep their defaults. */
    public Limits(long maxBodyBytes, int maxDepth, int maxStringLength, int maxPathBytes, Duration maxTtl,
                  Duration maxWait, Duration writeTimeout, int maxWatchersPerAddress, Duration watchHeartbeat,
                  Duration hookRetryFirst, Duration hookRetryMax, Duration hookGiveUpAfter) {
        this(maxBodyBytes, maxDepth, maxStringLength, maxPathBytes, maxTtl, maxWait, writeTimeout,
                maxWatchersPerAddress, watchHeartbeat, hookRetryFirst, hookRetryMax, hookGiveUpAfter,
                CoordinationLimits.DEFAULT.maxSessions(), CoordinationLimits.DEFAULT.maxGroupMembers(),
                CoordinationLimits.DEFAULT.maxMemberValueBytes());
    }

    /** Everything but the hook retry schedule, which keeps its defaults. */
    public Limits(long maxBodyBytes, int maxDepth, int maxStringLength, int maxPathBytes, Duration maxTtl,
                  Duration maxWait, Duration writeTimeout, int maxWatchersPerAddress, Duration watchHeartbeat) {
        this(maxBodyBytes, maxDepth, maxStringLength, maxPathBytes, maxTtl, maxWait, writeTimeout,
                maxWatchersPerAddress, watchHeartbeat, Duration.ofSeconds(1), Duration.ofMinutes(5),
                Duration.ofHours(24));
    }

    /** The same limits with another per-address watcher bound. */
    public Limits withMaxWatchersPerAddress(int max) {
        return new Limits(maxBodyBytes, maxDepth, maxStringLength, maxPathBytes, maxTtl, maxWait, writeTimeout, max,
                watchHeartbeat, hookRetryFirst, hookRetryMax, hookGiveUpAfter, maxSessions, maxGroupMembers,
                maxMemberValueBytes);
    }

    /** The same limits with another bound on how long a write waits to commit. */
    public Limits withWriteTimeout(Duration timeout) {
        return new Limits(maxBodyBytes, maxDepth, maxStringLength, maxPathBytes, maxTtl, maxWait, timeout,
                maxWatchersPerAddress, watchHeartbeat, hookRetryFirst, hookRetryMax, hookGiveUpAfter, maxSessions,
                maxGroupMembers, maxMemberValueBytes);
    }

    /** The same limits with another hook retry schedule. */
    public Limits withHookRetry(Duration first, Duration max, Duration giveUpAfter) {
        return new Limits(maxBodyBytes, maxDepth, maxStringLength, maxPathBytes, maxTtl, maxWait, writeTimeout,
                maxWatchersPerAddress, watchHeartbeat, first, max, giveUpAfter, maxSessions, maxGroupMembers,
                maxMemberValueBytes);
    }

    /** The same limits with other coordination bounds. */
    public Limits withCoordination(CoordinationLimits coordination) {
        return new Limits(maxBodyBytes, maxDepth, maxStringLength, maxPathBytes, maxTtl, maxWait, writeTimeout,
                maxWatchersPerAddress, watchHeartbeat, hookRetryFirst, hookRetryMax, hookGiveUpAfter,
                coordination.maxSessions(), coordination.maxGroupMembers(), coordination.maxMemberValueBytes());
    }

    /** The bounds the applier holds sessions and groups to. */
    public CoordinationLimits coordination() {
        return new CoordinationLimits(maxSessions, maxGroupMembers, maxMemberValueBytes);
    }

    /**
     * How deep the stored document may nest: room for a body at the body limit under a path
     * as deep again. Bounding the document, not only each body, stops commits from nesting it
     * deeper and deeper until serialising or reloading it overflows the stack.
     */
    public int maxDocumentDepth() {
        return 2 * maxDepth;
    }

    public JsonLimits json() {
        return new JsonLimits(maxDepth, maxStringLength);
    }
}
