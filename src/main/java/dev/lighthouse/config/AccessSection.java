package dev.lighthouse.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code access} section of the conf file, checked but not yet interpreted (that is
 * {@code security.AccessPolicy}'s job): tokens by name with the SHA-512 of their secret and their
 * grants, the server secrets derived keys are checked against, and the paths anyone may read.
 *
 * @param openProbes whether {@code /health} and {@code /metrics} answer without a token
 */
public record AccessSection(List<TokenEntry> tokens, List<String> secrets, List<String> publicRead,
                            boolean openProbes) {

    /** @param sha512 128 lowercase hex digits: the digest of the token, never the token */
    public record TokenEntry(String name, String sha512, List<GrantEntry> grants) {
    }

    /** @param path {@code /app} style: a slash, then URL path segments; {@code /} is the whole document */
    public record GrantEntry(String path, boolean read, boolean write) {
    }

    private static final Set<String> KEYS = Set.of("tokens", "secrets", "publicRead", "openProbes");
    private static final Set<String> TOKEN_KEYS = Set.of("name", "sha512", "grants");
    private static final Set<String> GRANT_KEYS = Set.of("path", "read", "write");
    private static final Pattern SHA512_HEX = Pattern.compile("[0-9a-fA-F]{128}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    public AccessSection {
        tokens = List.copyOf(tokens);
        secrets = List.copyOf(secrets);
        publicRead = List.copyOf(publicRead);
    }

    /**
     * @param node the section's value
     * @throws ConfigException naming the file and the bad setting
     */
    static AccessSection parse(JsonNode node, Path file) {
        Reader reader = new Reader(file);
        reader.object(node, "access", KEYS);
        List<TokenEntry> tokens = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int i = 0;
        for (JsonNode token : reader.array(node.path("tokens"), "access.tokens")) {
            String where = "access.tokens[" + i++ + "]";
            reader.object(token, where, TOKEN_KEYS);
            String name = reader.text(token.path("name"), where + ".name");
            if (!NAME.matcher(name).matches()) {
                throw reader.fail(where + ".name must be 1-64 letters, digits or ._@-");
            }
            if (!names.add(name)) {
                throw reader.fail("two tokens are named '" + name + "'");
            }
            String sha512 = reader.text(token.path("sha512"), where + ".sha512");
            if (!SHA512_HEX.matcher(sha512).matches()) {
                throw reader.fail(where + ".sha512 must be 128 hex digits (the SHA-512 of the token, not the token)");
            }
            List<GrantEntry> grants = new ArrayList<>();
            int j = 0;
            for (JsonNode grant : reader.array(token.path("grants"), where + ".grants")) {
                String at = where + ".grants[" + j++ + "]";
                reader.object(grant, at, GRANT_KEYS);
                grants.add(new GrantEntry(reader.path(grant.path("path"), at + ".path"),
                        reader.flag(grant.path("read"), at + ".read"),
                        reader.flag(grant.path("write"), at + ".write")));
            }
            tokens.add(new TokenEntry(name, sha512.toLowerCase(java.util.Locale.ROOT), grants));
        }
        List<String> secrets = new ArrayList<>();
        for (JsonNode secret : reader.array(node.path("secrets"), "access.secrets")) {
            String value = reader.text(secret, "access.secrets[]");
            if (value.isEmpty()) {
                throw reader.fail("access.secrets[] must not be empty");
            }
            secrets.add(value);
        }
        List<String> publicRead = new ArrayList<>();
        for (JsonNode path : reader.array(node.path("publicRead"), "access.publicRead")) {
            publicRead.add(reader.path(path, "access.publicRead[]"));
        }
        JsonNode probes = node.path("openProbes");
        boolean openProbes = probes.isMissingNode() || reader.flag(probes, "access.openProbes");
        return new AccessSection(tokens, secrets, publicRead, openProbes);
    }

    /** Reads one section, every failure naming the file. */
    private record Reader(Path file) {

        ConfigException fail(String problem) {
            return new ConfigException(file + ": " + problem);
        }

        void object(JsonNode node, String name, Set<String> keys) {
            if (!node.isObject()) {
                throw fail("'" + name + "' must be an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                String key = it.next().getKey();
                if (!keys.contains(key)) {
                    throw fail("unknown setting '" + name + "." + key + "' (known: " + keys + ")");
                }
            }
        }

        Iterable<JsonNode> array(JsonNode node, String name) {
            if (node.isMissingNode()) {
                return List.of();
            }
            if (!node.isArray()) {
                throw fail("'" + name + "' must be an array");
            }
            return node;
        }

        String text(JsonNode node, String name) {
            if (!node.isTextual()) {
                throw fail("'" + name + "' must be a string");
            }
            return node.asText();
        }

        boolean flag(JsonNode node, String name) {
            if (node.isMissingNode()) {
                return false;
            }
            if (!node.isBoolean()) {
                throw fail("'" + name + "' must be true or false");
            }
            return node.asBoolean();
        }

        String path(JsonNode node, String name) {
            String path = text(node, name);
            if (!path.startsWith("/") || (path.length() > 1 && path.endsWith("/")) || path.contains("//")) {
                throw fail("'" + name + "' must be a path like /app/db (or / for everything), not '" + path + "'");
            }
            return path;
        }
    }
}
