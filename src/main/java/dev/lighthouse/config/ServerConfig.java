package dev.lighthouse.config;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Everything a server needs to start, validated: built from defaults, then
 * the conf file, then command-line flags.
 *
 * @param port        HTTP port; 0 picks a free one
 * @param seeds       peers' cluster addresses (host:port)
 * @param clock       time source for leases and version timestamps; tests inject their own
 * @param access      the conf file's {@code access} section, or null: no access control
 * @param confFile    the conf file, re-read for {@code access} on SIGHUP or change; null when none was given
 * @param tls         HTTPS settings, or null to serve plain HTTP
 * @param clusterSecret the secret shared by the cluster's members, or null for unencrypted cluster traffic
 */
public record ServerConfig(Path dataDir, String bind, int port, String name, int clusterPort, List<String> seeds,
                           boolean bootstrap, int retain, Limits limits, Clock clock, AccessSection access,
                           Path confFile, TlsConfig tls, ClusterSecret clusterSecret) {

    public static final int DEFAULT_PORT = 8001;
    public static final int DEFAULT_CLUSTER_PORT = 7800;
    public static final int DEFAULT_RETAIN = 100;

    public ServerConfig {
        seeds = List.copyOf(seeds);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
        if (retain < 1) {
            throw new IllegalArgumentException("retain must be at least 1, not " + retain);
        }
        if (clusterPort < 0 || clusterPort > 65535) {
            throw new IllegalArgumentException("cluster port must be 0..65535, not " + clusterPort);
        }
    }

    public ServerConfig withCluster(String newName, int newClusterPort, List<String> newSeeds, boolean newBootstrap) {
        return new ServerConfig(dataDir, bind, port, newName, newClusterPort, newSeeds, newBootstrap, retain, limits,
                clock, access, confFile, tls, clusterSecret);
    }

    /**
     * A single node on loopback, free HTTP and cluster ports and the given data directory: what
     * tests and embedders start from.
     */
    public static ServerConfig forDataDir(Path dataDir) {
        return new ServerConfig(dataDir, "127.0.0.1", 0, "lighthouse-1", 0, List.of(), false,
                DEFAULT_RETAIN, Limits.DEFAULT, Clock.systemUTC(), null, null, null, null);
    }


    public ServerConfig withPort(int newPort) {
        return new ServerConfig(dataDir, bind, newPort, name, clusterPort, seeds, bootstrap, retain, limits, clock,
                access, confFile, tls, clusterSecret);
    }

    public ServerConfig withRetain(int newRetain) {
        return new ServerConfig(dataDir, bind, port, name, clusterPort, seeds, bootstrap, newRetain, limits, clock,
                access, confFile, tls, clusterSecret);
    }

    public ServerConfig withLimits(Limits newLimits) {
        return new ServerConfig(dataDir, bind, port, name, clusterPort, seeds, bootstrap, retain, newLimits, clock,
                access, confFile, tls, clusterSecret);
    }

    public ServerConfig withClock(Clock newClock) {
        return new ServerConfig(dataDir, bind, port, name, clusterPort, seeds, bootstrap, retain, limits, newClock,
                access, confFile, tls, clusterSecret);
    }

    /** Access control from {@code section}; {@code file}, when given, is re-read for it on SIGHUP or change. */
    public ServerConfig withAccess(AccessSection section, Path file) {
        return new ServerConfig(dataDir, bind, port, name, clusterPort, seeds, bootstrap, retain, limits, clock, section,
                file, tls, clusterSecret);
    }

    /** @param newTls HTTPS settings, or null for plain HTTP */
    public ServerConfig withTls(TlsConfig newTls) {
        return new ServerConfig(dataDir, bind, port, name, clusterPort, seeds, bootstrap, retain, limits, clock,
                access, confFile, newTls, clusterSecret);
    }

    /** @param newSecret the cluster's shared secret, or null for none */
    public ServerConfig withClusterSecret(ClusterSecret newSecret) {
        return new ServerConfig(dataDir, bind, port, name, clusterPort, seeds, bootstrap, retain, limits, clock,
                access, confFile, tls, newSecret);
    }
}
