package dev.lighthouse.client;

import java.nio.charset.StandardCharsets;

/**
 * Document and group paths as URL paths. A path is written as the server reads it: segments
 * separated by {@code /}, with or without a leading {@code /}; a key that holds a {@code /}
 * is written {@code %2F}, so an existing percent escape is kept as it is. Everything else
 * outside the URL's unreserved characters is percent-encoded here.
 */
final class PathCodec {

    private PathCodec() {
    }

    /** {@code /data/<path>} for a document path. */
    static String data(String path) {
        return "/data/" + encode(trim(path));
    }

    static String trim(String path) {
        if (path == null) {
            throw new IllegalArgumentException("a path is needed (\"\" or \"/\" for the whole document)");
        }
        return path.startsWith("/") ? path.substring(1) : path;
    }

    static String encode(String path) {
        StringBuilder out = new StringBuilder(path.length() + 8);
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (b == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
                out.append('%');
            } else if (isKept(b)) {
                out.append((char) b);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** A query parameter's value. */
    static String query(String value) {
        return encode(value).replace("/", "%2F");
    }

    private static boolean isKept(int b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
                || b == '-' || b == '.' || b == '_' || b == '~' || b == '/' || b == ':' || b == '@' || b == '!'
                || b == '$' || b == '\'' || b == '(' || b == ')' || b == '*' || b == ',' || b == ';';
    }

    private static boolean isHex(byte b) {
        return b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F';
    }
}
