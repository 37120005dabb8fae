package dev.lighthouse.ctl;

import java.nio.charset.StandardCharsets;

/**
 * A document path as the user typed it, turned into the percent-encoded form for a URL.
 * A leading {@code /} is optional; segments are split on {@code /} and each is encoded on
 * its own: unreserved characters (RFC 3986) stay, a {@code %} followed by two hex digits is
 * an escape the user wrote ({@code a%2Fb} is the key {@code a/b}) and passes through, and
 * every other byte of the UTF-8 form is escaped. Empty segments, {@code .} and {@code ..}
 * are passed on for the server to refuse, never normalised here.
 */
final class DocPath {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private DocPath() {
    }

    /** The encoded path without a leading slash; empty for the whole document. */
    static String encode(String path) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        StringBuilder out = new StringBuilder(relative.length() + 8);
        String[] segments = relative.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                out.append('/');
            }
            appendSegment(out, segments[i], true);
        }
        return out.toString();
    }

    /** A literal segment, such as a lock name in {@code /update/{name}/}: every reserved byte escaped, {@code %} too. */
    static String encodeLiteral(String segment) {
        StringBuilder out = new StringBuilder(segment.length() + 8);
        appendSegment(out, segment, false);
        return out.toString();
    }

    /** The path as users read it: with a leading slash. */
    static String display(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }

    private static void appendSegment(StringBuilder out, String segment, boolean passEscapes) {
        byte[] bytes = segment.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (b == '%' && passEscapes && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
                out.append('%').append((char) bytes[i + 1]).append((char) bytes[i + 2]);
                i += 2;
            } else if (isUnreserved(b)) {
                out.append((char) b);
            } else {
                out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
            }
        }
    }

    private static boolean isUnreserved(int b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
                || b == '-' || b == '.' || b == '_' || b == '~';
    }

    private static boolean isHex(byte b) {
        return b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F';
    }
}
