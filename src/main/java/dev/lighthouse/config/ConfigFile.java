package dev.lighthouse.config;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code --conf} file: JSON with {@code //} comments, sections
 * {@code server} (with {@code server.tls}), {@code limits} and {@code cluster}
 * (and {@code access}, see docs/api.md). Unknown sections or keys fail the
 * start, naming the key and the file. Files named in {@code server.tls} and
 * {@code cluster} are relative to the conf file's directory, so that a conf
 * directory can be moved as a whole with its keys and secrets.
 */
public final class ConfigFile {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();
    private static final Set<String> SECTIONS = Set.of("server", "limits", "access", "cluster");
    private static final Set<String> SERVER_KEYS = Set.of("dataDir", "bind", "port", "name", "clusterPort", "seeds",
            "retain", "tls");
    private static final Set<String> TLS_KEYS = Set.of("keystore", "keystorePassword", "keystorePasswordFile",
            "clientAuth", "truststore", "truststorePassword", "truststorePasswordFile");
    private static final Set<String> CLUSTER_KEYS = Set.of("secret", "secretFile");
    private static final Set<String> LIMIT_KEYS = Set.of("maxBodyBytes", "maxDepth", "maxStringLength", "maxPathBytes",
            "maxTtl", "maxWait", "writeTimeout", "maxWatchersPerAddress", "watchHeartbeat", "hookRetryFirst", "hookRetryMax",
            "hookGiveUpAfter", "maxSessions", "maxGroupMembers", "maxMemberValueBytes");

    private final Path file;
    private final JsonNode root;

    private ConfigFile(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    public static ConfigFile read(Path file) {
        try {
            JsonNode root = MAPPER.readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw new ConfigException(file + ": the configuration must be a JSON object");
            }
            ConfigFile conf = new ConfigFile(file, root);
            conf.checkKeys(root, SECTIONS, "");
            conf.checkKeys(root.path("server"), SERVER_KEYS, "server.");
            conf.checkKeys(root.path("limits"), LIMIT_KEYS, "limits.");
            conf.checkKeys(root.path("server").path("tls"), TLS_KEYS, "server.tls.");
            conf.checkKeys(root.path("cluster"), CLUSTER_KEYS, "cluster.");
            return conf;
        } catch (IOException e) {
            throw new ConfigException(file + ": " + e.getMessage().lines().findFirst().orElse("unreadable"));
        }
    }

    /** @return the checked {@code access} section, or null when the file has none */
    public AccessSection access() {
        JsonNode node = root.path("access");
        return node.isMissingNode() || node.isNull() ? null : AccessSection.parse(node, file);
    }

    public String server(String key, String fallback) {
        JsonNode node = root.path("server").path(key);
        return node.isMissingNode() || node.isNull() ? fallback : text(node, "server." + key);
    }

    public int serverInt(String key, int fallback) {
        return integer(root.path("server").path(key), "server." + key, fallback);
    }

    /** @return {@code server.seeds} (an array of "host:port" strings), or null when absent */
    public List<String> seeds() {
        JsonNode node = root.path("server").path("seeds");
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new ConfigException(file + ": 'server.seeds' must be an array of \"host:port\" strings");
        }
        List<String> seeds = new java.util.ArrayList<>();
        node.forEach(seed -> seeds.add(text(seed, "server.seeds[]")));
        return seeds;
    }

    public Limits limits(Limits defaults) {
        JsonNode limits = root.path("limits");
        return new Limits(
                longValue(limits.path("maxBodyBytes"), "limits.maxBodyBytes", defaults.maxBodyBytes()),
                integer(limits.path("maxDepth"), "limits.maxDepth", defaults.maxDepth()),
                integer(limits.path("maxStringLength"), "limits.maxStringLength", defaults.maxStringLength()),
                integer(limits.path("maxPathBytes"), "limits.maxPathBytes", defaults.maxPathBytes()),
                duration(limits.path("maxTtl"), "limits.maxTtl", defaults.maxTtl()),
                duration(limits.path("maxWait"), "limits.maxWait", defaults.maxWait()),
                duration(limits.path("writeTimeout"), "limits.writeTimeout", defaults.writeTimeout()),
                integer(limits.path("maxWatchersPerAddress"), "limits.maxWatchersPerAddress",
                        defaults.maxWatchersPerAddress()),
                duration(limits.path("watchHeartbeat"), "limits.watchHeartbeat", defaults.watchHeartbeat()),
                duration(limits.path("hookRetryFirst"), "limits.hookRetryFirst", defaults.hookRetryFirst()),
                duration(limits.path("hookRetryMax"), "limits.hookRetryMax", defaults.hookRetryMax()),
                duration(limits.path("hookGiveUpAfter"), "limits.hookGiveUpAfter", defaults.hookGiveUpAfter()),
                integer(limits.path("maxSessions"), "limits.maxSessions", defaults.maxSessions()),
                integer(limits.path("maxGroupMembers"), "limits.maxGroupMembers", defaults.maxGroupMembers()),
                integer(limits.path("maxMemberValueBytes"), "limits.maxMemberValueBytes",
                        defaults.maxMemberValueBytes()));
    }

    /**
     * {@code server.tls}, or null when absent. The stores are not read here ({@link TlsConfig#check()}).
     *
     * @throws ConfigException naming the setting when one is missing, doubled or malformed
     */
    public TlsConfig tls() {
        JsonNode tls = root.path("server").path("tls");
        if (tls.isMissingNode() || tls.isNull()) {
            return null;
        }
        Path keystore = confPath(tls.path("keystore"), "server.tls.keystore", true);
        String keystorePassword = password(tls, "server.tls.keystorePassword");
        JsonNode clientAuthNode = tls.path("clientAuth");
        TlsConfig.ClientAuth clientAuth = clientAuthNode.isMissingNode() ? TlsConfig.ClientAuth.NONE
                : TlsConfig.ClientAuth.parse(text(clientAuthNode, "server.tls.clientAuth"),
                        file + ": 'server.tls.clientAuth'");
        Path truststore = confPath(tls.path("truststore"), "server.tls.truststore", false);
        if (clientAuth == TlsConfig.ClientAuth.NONE) {
            if (truststore != null || tls.has("truststorePassword") || tls.has("truststorePasswordFile")) {
                throw new ConfigException(file + ": 'server.tls.truststore' is used only with 'server.tls.clientAuth'"
                        + " \"want\" or \"need\"");
            }
            return TlsConfig.serverOnly(keystore, keystorePassword);
        }
        if (truststore == null) {
            throw new ConfigException(file + ": 'server.tls.clientAuth' \"" + clientAuthNode.asText()
                    + "\" needs 'server.tls.truststore', the CA certificates client certificates are checked against");
        }
        return new TlsConfig(keystore, keystorePassword, clientAuth, truststore,
                password(tls, "server.tls.truststorePassword"));
    }

    /**
     * The {@code cluster} section's secret, or null when there is none.
     *
     * @throws ConfigException naming the setting when both or neither form is given, the file is
     *                         unreadable, or the secret is too short
     */
    public ClusterSecret clusterSecret() {
        JsonNode cluster = root.path("cluster");
        if (cluster.isMissingNode() || cluster.isNull()) {
            return null;
        }
        boolean inline = cluster.has("secret");
        if (inline == cluster.has("secretFile")) {
            throw new ConfigException(file + ": the 'cluster' section needs exactly one of 'cluster.secretFile'"
                    + " (preferred) or 'cluster.secret'");
        }
        try {
            if (inline) {
                return new ClusterSecret(text(cluster.path("secret"), "cluster.secret").strip(),
                        "cluster.secret in " + file);
            }
            Path secretFile = confPath(cluster.path("secretFile"), "cluster.secretFile", true);
            return new ClusterSecret(readFile(secretFile, "cluster.secretFile").strip(), "cluster.secretFile "
                    + secretFile);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        }
    }

    /** {@code NAME} inline or the contents of {@code NAMEFile}: exactly one of them. */
    private String password(JsonNode section, String name) {
        String key = name.substring(name.lastIndexOf('.') + 1);
        boolean inline = section.has(key);
        if (inline == section.has(key + "File")) {
            throw new ConfigException(file + ": exactly one of '" + name + "' or '" + name + "File' is needed");
        }
        if (inline) {
            return text(section.path(key), name);
        }
        Path passwordFile = confPath(section.path(key + "File"), name + "File", true);
        // An editor's final newline is not part of the password; other white space may be.
        return readFile(passwordFile, name + "File").replaceFirst("\\R\\z", "");
    }

    private Path confPath(JsonNode node, String name, boolean required) {
        if (node.isMissingNode() || node.isNull()) {
            if (required) {
                throw new ConfigException(file + ": '" + name + "' is missing");
            }
            return null;
        }
        Path dir = file.toAbsolutePath().getParent();
        return dir.resolve(text(node, name)).normalize();
    }

    private String readFile(Path path, String name) {
        try {
            String content = Files.readString(path);
            SecretFiles.warnIfShared(path, "'" + name + "'");
            return content;
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read '" + name + "' " + path + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private void checkKeys(JsonNode section, Set<String> allowed, String prefix) {
        if (section.isMissingNode()) {
            return;
        }
        if (!section.isObject()) {
            throw new ConfigException(file + ": '" + prefix.substring(0, prefix.length() - 1) + "' must be an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = section.fields(); it.hasNext(); ) {
            String key = it.next().getKey();
            if (!allowed.contains(key)) {
                throw new ConfigException(file + ": unknown setting '" + prefix + key + "' (known: " + allowed + ")");
            }
        }
    }

    private String text(JsonNode node, String name) {
        if (!node.isTextual()) {
            throw new ConfigException(file + ": '" + name + "' must be a string");
        }
        return node.asText();
    }

    private int integer(JsonNode node, String name, int fallback) {
        long value = longValue(node, name, fallback);
        if (value > Integer.MAX_VALUE) {
            throw new ConfigException(file + ": '" + name + "' is too large");
        }
        return (int) value;
    }

    private long longValue(JsonNode node, String name, long fallback) {
        if (node.isMissingNode()) {
            return fallback;
        }
        if (!node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() < 0) {
            throw new ConfigException(file + ": '" + name + "' must be a non-negative integer");
        }
        return node.asLong();
    }

    private Duration duration(JsonNode node, String name, Duration fallback) {
        if (node.isMissingNode()) {
            return fallback;
        }
        try {
            return Durations.parse(text(node, name), Duration.ofDays(365), name);
        } catch (RuntimeException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        }
    }
}
