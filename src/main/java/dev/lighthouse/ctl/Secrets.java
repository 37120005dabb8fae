package dev.lighthouse.ctl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Tokens and derived keys as the server checks them (SPEC "Security", security/AccessPolicy):
 * a token is known by the lowercase hex SHA-512 of its UTF-8 text; a derived key is
 * {@code <prefix>:<sha512hex(prefix + secret)>}, its prefix a path with a leading {@code /}
 * and no trailing one (the server hashes the prefix exactly as presented, and reads it as a path).
 */
final class Secrets {

    private Secrets() {
    }

    static String sha512Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-512", e);
        }
    }

    /** The key for {@code prefix} ({@code app}, {@code /app/} and {@code /app} are the same subtree). */
    static String derivedKey(String prefix, String secret) {
        String path = normalPrefix(prefix);
        return path + ":" + sha512Hex(path + secret);
    }

    static String normalPrefix(String prefix) {
        String path = prefix.strip();
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        path = path.startsWith("/") ? path : "/" + path;
        if (path.contains("//")) {
            throw CtlFailure.usage("the prefix '" + prefix + "' has an empty segment; give a path such as /app");
        }
        return path;
    }

    /** One line from standard input, its trailing newline dropped; empty or several lines is a usage error. */
    static String readStdin(String what) {
        try (InputStream in = System.in) {
            return oneLine(new String(in.readAllBytes(), StandardCharsets.UTF_8), what + " on standard input");
        } catch (IOException e) {
            throw CtlFailure.failed("cannot read standard input");
        }
    }

    static String readFile(Path file) {
        try {
            return oneLine(Files.readString(file, StandardCharsets.UTF_8), "a secret in --secret-file " + file);
        } catch (NoSuchFileException e) {
            throw CtlFailure.usage("--secret-file " + file + ": no such file");
        } catch (IOException e) {
            throw CtlFailure.usage("cannot read --secret-file " + file);
        }
    }

    static String oneLine(String text, String what) {
        String line = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (line.isEmpty()) {
            throw CtlFailure.usage("expected " + what + ", found nothing");
        }
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw CtlFailure.usage("expected " + what + " on one line, found several");
        }
        return line;
    }
}
