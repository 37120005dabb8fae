package dev.lighthouse.config;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code --conf} file: JSON with {@code //} comments, sections
 * {@code server} and {@code limits} (and {@code access}, see docs/api.md).
 * Unknown sections or keys fail the start, naming the key and the file.
 */
public final class ConfigFile {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();
    private static final Set<String> SECTIONS = Set.of("server", "limits", "access");
    private static final Set<String> SERVER_KEYS = Set.of("dataDir", "bind", "port", "name", "clusterPort", "seeds",
            "retain");
    private static final Set<String> LIMIT_KEYS = Set.of("maxBodyBytes", "maxDepth", "maxStringLength", "maxPathBytes",
            "maxTtl", "maxWait", "writeTimeout", "maxWatchersPerAddress", "watchHeartbeat", "hookRetryFirst", "hookRetryMax",
            "hookGiveUpAfter");

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
                duration(limits.path("hookGiveUpAfter"), "limits.hookGiveUpAfter", defaults.hookGiveUpAfter()));
    }

    private void checkKeys(JsonNode section, Set<String> allowed, String prefix) {
        if (section.isMissingNode()) {
            return;
        }
        if (!section.isObject()) {
            throw new ConfigException(file + ": '" + prefix.replace(".", "") + "' must be an object");
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
