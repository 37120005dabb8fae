package dev.lighthouse.config;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code bin/lighthouse} command line; {@link #toConfig()} merges it over the conf file and defaults. */
@Command(name = "lighthouse", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Serves a replicated JSON configuration tree over HTTP, every version kept in data.d.")
public final class ServerCommand {

    @Option(names = "--data.d", paramLabel = "DIR",
            description = "version files (default: var/data.d of this installation, copied from its bundled"
                    + " data.d at first start)")
    Path dataDir;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port, 0 for a free one (default: 8001)")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDR", description = "address for HTTP and cluster traffic (default: 127.0.0.1)")
    String bind;

    @Option(names = "--name", paramLabel = "NODE", description = "this node's name in the cluster (default: lighthouse-1)")
    String name;

    @Option(names = "--cluster-port", paramLabel = "PORT", description = "cluster (JGroups) port (default: 7800)")
    Integer clusterPort;

    @Option(names = "--seeds", paramLabel = "HOST:PORT[,...]", split = ",", description = "peers' cluster addresses")
    List<String> seeds;

    @Option(names = "--bootstrap", description = "start a new cluster without looking for one")
    boolean bootstrap;

    @Option(names = "--conf", paramLabel = "FILE", description = "configuration file (JSON with // comments)")
    Path conf;

    @Option(names = "--retain", paramLabel = "N", description = "versions to keep in data.d, at least 1 (default: 100)")
    Integer retain;

    private static final java.util.regex.Pattern NODE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static void checkHostPort(String seed) {
        try {
            HostPort.parse(seed);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("seeds (--seeds or server.seeds) are HOST:PORT; " + e.getMessage());
        }
    }

    private boolean dataDirDefaulted;

    /** The installation bin/lighthouse runs from, whatever the working directory (else the working directory). */
    private static Path home() {
        String home = System.getProperty("lighthouse.home");
        return home == null ? Path.of("") : Path.of(home);
    }

    /** The example version files that ship with the installation; never written to. */
    public static Path bundledDataDir() {
        return home().resolve("data.d");
    }

    /**
     * Where a node keeps its data when told nowhere: inside the installation, like etcd's
     * {@code default.etcd}, but in a directory of its own that git ignores ({@code var/}), so
     * that trying the node leaves the checkout's bundled example as it was.
     */
    private static Path defaultDataDir() {
        return home().resolve("var").resolve("data.d");
    }

    /** Whether {@link #toConfig()} chose {@link #defaultDataDir()}: neither --data.d nor server.dataDir was given. */
    public boolean dataDirDefaulted() {
        return dataDirDefaulted;
    }

    /**
     * @throws ConfigException naming the bad setting
     */
    public ServerConfig toConfig() {
        ConfigFile file = conf == null ? null : ConfigFile.read(conf);
        List<String> fileSeeds = file == null ? null : file.seeds();
        List<String> resolvedSeeds = seeds != null ? List.copyOf(seeds) : fileSeeds != null ? fileSeeds : List.of();
        for (String seed : resolvedSeeds) {
            checkHostPort(seed);
        }
        int resolvedPort = port != null ? port : file == null ? ServerConfig.DEFAULT_PORT
                : file.serverInt("port", ServerConfig.DEFAULT_PORT);
        int resolvedRetain = retain != null ? retain : file == null ? ServerConfig.DEFAULT_RETAIN
                : file.serverInt("retain", ServerConfig.DEFAULT_RETAIN);
        if (resolvedPort > 65535) {
            throw new ConfigException("--port must be 0..65535, not " + resolvedPort);
        }
        int resolvedClusterPort = clusterPort != null ? clusterPort : file == null ? ServerConfig.DEFAULT_CLUSTER_PORT
                : file.serverInt("clusterPort", ServerConfig.DEFAULT_CLUSTER_PORT);
        if (resolvedClusterPort < 0 || resolvedClusterPort > 65535) {
            throw new ConfigException("--cluster-port must be 0..65535, not " + resolvedClusterPort);
        }
        String resolvedName = name != null ? name : file == null ? "lighthouse-1" : file.server("name", "lighthouse-1");
        if (!NODE_NAME.matcher(resolvedName).matches()) {
            throw new ConfigException("--name must be 1-64 letters, digits, '.', '_' or '-', not '" + resolvedName + "'");
        }
        if (resolvedRetain < 1) {
            throw new ConfigException("--retain must be at least 1, not " + resolvedRetain);
        }
        TlsConfig tls = file == null ? null : file.tls();
        if (tls != null) {
            try {
                tls.check();
            } catch (ConfigException e) {
                throw new ConfigException(conf + ": server.tls: " + e.getMessage());
            }
        }
        String fileDataDir = file == null ? null : file.server("dataDir", null);
        dataDirDefaulted = dataDir == null && fileDataDir == null;
        return new ServerConfig(
                dataDir != null ? dataDir : fileDataDir != null ? Path.of(fileDataDir) : defaultDataDir(),
                bind != null ? bind : file == null ? "127.0.0.1" : file.server("bind", "127.0.0.1"),
                resolvedPort,
                resolvedName,
                resolvedClusterPort,
                resolvedSeeds,
                bootstrap,
                resolvedRetain,
                file == null ? Limits.DEFAULT : file.limits(Limits.DEFAULT),
                Clock.systemUTC(),
                file == null ? null : file.access(),
                conf,
                tls,
                file == null ? null : file.clusterSecret());
    }
}
