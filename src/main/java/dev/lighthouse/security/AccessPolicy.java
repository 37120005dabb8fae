package dev.lighthouse.security;

import dev.lighthouse.config.AccessSection;
import dev.lighthouse.tree.JsonPath;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * The {@code access} section turned into something that can answer "whose token is this?".
 * Tokens are known only by their SHA-512; a derived key {@code <prefix>:<sha512hex(prefix + secret)>}
 * is recomputed for each server secret (several at once, so a secret can be rotated). Every
 * comparison runs to the end over every candidate, so the time taken does not tell an attacker
 * how close a guess came or which token it nearly matched.
 */
public final class AccessPolicy {

    private static final int SHA512_HEX_LENGTH = 128;

    /** @param sha512 the digest as lowercase hex bytes, the form a presented token's digest is computed in */
    private record Token(String name, byte[] sha512, List<Grant> grants) {
    }

    private final List<Token> tokens;
    private final List<String> secrets;
    private final List<Grant> publicRead;
    private final boolean openProbes;

    private AccessPolicy(List<Token> tokens, List<String> secrets, List<Grant> publicRead, boolean openProbes) {
        this.tokens = List.copyOf(tokens);
        this.secrets = List.copyOf(secrets);
        this.publicRead = List.copyOf(publicRead);
        this.openProbes = openProbes;
    }

    public static AccessPolicy of(AccessSection section) {
        List<Grant> publicRead = new ArrayList<>();
        for (String path : section.publicRead()) {
            publicRead.add(new Grant(prefix(path), true, false));
        }
        List<Token> tokens = new ArrayList<>();
        for (AccessSection.TokenEntry entry : section.tokens()) {
            List<Grant> grants = new ArrayList<>(publicRead);
            for (AccessSection.GrantEntry grant : entry.grants()) {
                grants.add(new Grant(prefix(grant.path()), grant.read(), grant.write()));
            }
            tokens.add(new Token(entry.name(), entry.sha512().getBytes(StandardCharsets.US_ASCII), grants));
        }
        return new AccessPolicy(tokens, section.secrets(), publicRead, section.openProbes());
    }

    /** {@code /app/db} (URL path segments after a slash) as a path; {@code /} is the root. */
    static JsonPath prefix(String path) {
        return path.equals("/") ? JsonPath.ROOT : JsonPath.fromUrl(path.substring(1));
    }

    public boolean openProbes() {
        return openProbes;
    }

    public int tokenCount() {
        return tokens.size();
    }

    public int secretCount() {
        return secrets.size();
    }

    /** What a caller without a token may do. */
    Principal anonymous() {
        return Principal.anonymous(publicRead);
    }

    /** @return the token's principal, or null when it is neither a known token nor a valid derived key */
    Principal authenticate(String token) {
        byte[] digest = DigestUtils.sha512Hex(token).getBytes(StandardCharsets.US_ASCII);
        Token found = null;
        for (Token candidate : tokens) {
            if (MessageDigest.isEqual(digest, candidate.sha512())) {
                found = candidate;
            }
        }
        if (found != null) {
            return new Principal(found.name(), found.grants(), true, null);
        }
        return derivedKey(token);
    }

    private Principal derivedKey(String token) {
        int colon = token.lastIndexOf(':');
        if (secrets.isEmpty() || colon <= 0 || token.length() - colon - 1 != SHA512_HEX_LENGTH
                || token.charAt(0) != '/') {
            return null;
        }
        String prefixText = token.substring(0, colon);
        byte[] presented = token.substring(colon + 1).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        boolean valid = false;
        for (String secret : secrets) {
            byte[] expected = DigestUtils.sha512Hex(prefixText + secret).getBytes(StandardCharsets.US_ASCII);
            valid |= MessageDigest.isEqual(presented, expected);
        }
        if (!valid) {
            return null;
        }
        JsonPath prefix;
        try {
            prefix = prefix(prefixText);
        } catch (RuntimeException e) {
            return null; // minted for a path this server would never accept
        }
        List<Grant> grants = new ArrayList<>(publicRead);
        grants.add(new Grant(prefix, true, true));
        return new Principal("key:" + prefixText, grants, true, null);
    }
}
