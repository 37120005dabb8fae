package dev.lighthouse.tree;

import dev.lighthouse.error.InvalidInput;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A location in the document: a sequence of decoded segments. Built from a URL
 * path (percent-encoded, {@code /}-separated) or from an RFC 6901 JSON Pointer.
 * URL paths are validated, never normalised: empty segments, {@code .},
 * {@code ..} and NUL are rejected.
 */
public final class JsonPath {

    public static final JsonPath ROOT = new JsonPath(new String[0]);

    private final String[] segments;

    private JsonPath(String[] segments) {
        this.segments = segments;
    }

    public static JsonPath of(String... segments) {
        return new JsonPath(segments.clone());
    }

    /**
     * Parses the part of a URL path after a resource prefix such as {@code /data/},
     * still percent-encoded. The empty string is the root.
     */
    public static JsonPath fromUrl(String raw) {
        if (raw.isEmpty()) {
            return ROOT;
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (start <= raw.length()) {
            int slash = raw.indexOf('/', start);
            int end = slash < 0 ? raw.length() : slash;
            parts.add(decodeSegment(raw, start, end));
            start = end + 1;
        }
        return new JsonPath(parts.toArray(String[]::new));
    }

    /** Parses an RFC 6901 pointer: {@code ""} is the root, otherwise it starts with {@code /}. */
    public static JsonPath fromPointer(String pointer) {
        if (pointer.isEmpty()) {
            return ROOT;
        }
        if (pointer.charAt(0) != '/') {
            throw new InvalidInput("a JSON Pointer is empty or starts with '/': \"" + pointer + '"');
        }
        String[] raw = pointer.substring(1).split("/", -1);
        String[] decoded = new String[raw.length];
        for (int i = 0; i < raw.length; i++) {
            decoded[i] = unescapePointer(raw[i], pointer);
        }
        return new JsonPath(decoded);
    }

    public int size() {
        return segments.length;
    }

    public boolean isRoot() {
        return segments.length == 0;
    }

    public String segment(int i) {
        return segments[i];
    }

    public String last() {
        return segments[segments.length - 1];
    }

    public JsonPath parent() {
        return prefix(segments.length - 1);
    }

    public JsonPath prefix(int length) {
        return length == segments.length ? this : new JsonPath(Arrays.copyOf(segments, length));
    }

    public JsonPath child(String segment) {
        String[] longer = Arrays.copyOf(segments, segments.length + 1);
        longer[segments.length] = segment;
        return new JsonPath(longer);
    }

    public JsonPath resolve(JsonPath relative) {
        if (relative.isRoot()) {
            return this;
        }
        String[] joined = Arrays.copyOf(segments, segments.length + relative.segments.length);
        System.arraycopy(relative.segments, 0, joined, segments.length, relative.segments.length);
        return new JsonPath(joined);
    }

    /** True when this path equals {@code other} or lies above it. */
    public boolean isPrefixOf(JsonPath other) {
        if (segments.length > other.segments.length) {
            return false;
        }
        for (int i = 0; i < segments.length; i++) {
            if (!segments[i].equals(other.segments[i])) {
                return false;
            }
        }
        return true;
    }

    /** The RFC 6901 form, as used in {@code changed} lists and JSON Patch. */
    public String pointer() {
        StringBuilder out = new StringBuilder();
        for (String segment : segments) {
            out.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
        }
        return out.toString();
    }

    /**
     * Parses an array index as the SPEC defines it: {@code 0} or a decimal
     * without leading zeros that fits an int.
     *
     * @return the index, or -1 when the segment is not one
     */
    public static int parseIndex(String segment) {
        int length = segment.length();
        if (length == 0 || length > 10 || (length > 1 && segment.charAt(0) == '0')) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            char c = segment.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value > Integer.MAX_VALUE ? -1 : (int) value;
    }

    private static String decodeSegment(String raw, int start, int end) {
        if (start == end) {
            throw new InvalidInput("empty path segment in '" + raw + "'");
        }
        String segment = raw.indexOf('%', start) < 0 || raw.indexOf('%', start) >= end
                ? raw.substring(start, end)
                : percentDecode(raw, start, end);
        if (segment.equals(".") || segment.equals("..")) {
            throw new InvalidInput("'.' and '..' are not allowed as path segments");
        }
        if (segment.indexOf('\0') >= 0) {
            throw new InvalidInput("NUL is not allowed in a path");
        }
        return segment;
    }

    private static String percentDecode(String raw, int start, int end) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(end - start);
        for (int i = start; i < end; i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= end) {
                    throw new InvalidInput("incomplete percent escape in path segment");
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new InvalidInput("bad percent escape in path segment");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInput("path segment is not valid UTF-8 after percent-decoding");
        }
    }

    private static String unescapePointer(String token, String pointer) {
        if (token.indexOf('~') < 0) {
            return token;
        }
        StringBuilder out = new StringBuilder(token.length());
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c != '~') {
                out.append(c);
                continue;
            }
            char next = i + 1 < token.length() ? token.charAt(i + 1) : ' ';
            if (next == '0') {
                out.append('~');
            } else if (next == '1') {
                out.append('/');
            } else {
                throw new InvalidInput("'~' must be followed by 0 or 1 in JSON Pointer \"" + pointer + '"');
            }
            i++;
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonPath p && Arrays.equals(segments, p.segments);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(segments);
    }

    @Override
    public String toString() {
        return pointer();
    }
}
