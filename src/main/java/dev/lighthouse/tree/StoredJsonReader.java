package dev.lighthouse.tree;

/**
 * Parses a data.d file's JSON straight from its bytes, about twice as fast as the strict
 * streaming parser and with less for the JIT to compile, which is most of a large node's
 * start-up. Equal short strings and numbers become one shared node (a fleet document repeats
 * "prod", "10s" and 8080 hundreds of thousands of times), so the loaded tree is smaller too.
 *
 * <p>Only for our own checksummed files: it refuses anything it does not handle exactly
 * ({@link Refused}), and the caller falls back to {@link JsonCodec}, the strict parser, both
 * then and whenever what this reader built does not reproduce the file's checksum. So a
 * reader mistake can cost time, never a good file.
 */
public final class StoredJsonReader {

    /** This reader does not vouch for the input; read it again with the strict parser. */
    public static final class Refused extends RuntimeException {
        public Refused(String why, int at) {
            super(why + " at byte " + at, null, false, false);
        }
    }

    /** Deeper documents go to the strict parser, which has the limits and the error messages. */
    private static final int MAX_DEPTH = 1000;

    private final byte[] in;
    private int at;
    private final BuildersByDepth builders = new BuildersByDepth();
    private final SharedByBytes<String> keys = new SharedByBytes<>();
    private final SharedByBytes<StringNode> strings = new SharedByBytes<>();
    private final SharedByBytes<NumberNode> numbers = new SharedByBytes<>();
    /** The hash of the last plain string {@link #plainEnd} scanned. */
    private int scannedHash;
    private EscapedStrings escaped;

    private StoredJsonReader(byte[] in) {
        this.in = in;
    }

    /**
     * @return the one JSON value in {@code json}
     * @throws Refused when the bytes are not JSON this reader handles
     */
    public static Node parse(byte[] json) {
        StoredJsonReader reader = new StoredJsonReader(json);
        reader.skipSpace();
        Node value = reader.value(0);
        reader.skipSpace();
        if (reader.at != json.length) {
            throw new Refused("content after the value", reader.at);
        }
        return value;
    }

    private Node value(int depth) {
        if (at >= in.length) {
            throw new Refused("truncated", at);
        }
        byte b = in[at];
        switch (b) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                literal("true");
                return BooleanNode.TRUE;
            case 'f':
                literal("false");
                return BooleanNode.FALSE;
            case 'n':
                literal("null");
                return NullNode.INSTANCE;
            default:
                if (b == '-' || (b >= '0' && b <= '9')) {
                    return number();
                }
                throw new Refused("unexpected byte " + (b & 0xff), at);
        }
    }

    private ObjectNode object(int depth) {
        checkDepth(depth);
        ObjectNode.Builder builder = builders.object(depth);
        if (opensEmpty('}')) {
            return builder.buildAndReset();
        }
        do {
            if (peek() != '"') {
                throw new Refused("expected a key", at);
            }
            String key = key();
            skipSpace();
            expect(':');
            skipSpace();
            builder.put(key, value(depth + 1));
        } while (another('}'));
        return builder.buildAndReset();
    }

    private ArrayNode array(int depth) {
        checkDepth(depth);
        ArrayNode.Builder builder = builders.array(depth);
        if (opensEmpty(']')) {
            return builder.buildAndReset();
        }
        do {
            builder.add(value(depth + 1));
        } while (another(']'));
        return builder.buildAndReset();
    }

    /** Steps over a container's opening bracket; true, past its {@code close} too, when it is empty. */
    private boolean opensEmpty(char close) {
        at++;
        skipSpace();
        if (peek() == close) {
            at++;
            return true;
        }
        return false;
    }

    /** After a member or element: true past a comma, false past the container's {@code close}. */
    private boolean another(char close) {
        skipSpace();
        byte next = peek();
        at++;
        if (next == close) {
            return false;
        }
        if (next != ',') {
            throw new Refused("expected , or " + close, at - 1);
        }
        skipSpace();
        return true;
    }

    private String key() {
        int start = at + 1;
        int end = plainEnd(start);
        if (end < 0) {
            return slowString();
        }
        at = end + 1;
        return keys.of(in, start, end, scannedHash, text -> text);
    }

    private StringNode string() {
        int start = at + 1;
        int end = plainEnd(start);
        if (end < 0) {
            return StringNode.of(slowString());
        }
        at = end + 1;
        return strings.of(in, start, end, scannedHash, StringNode::of);
    }

    private NumberNode number() {
        int start = at;
        if (in[at] == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else {
            digits();
        }
        if (at < in.length && in[at] == '.') {
            at++;
            digits();
        }
        if (at < in.length && (in[at] == 'e' || in[at] == 'E')) {
            at++;
            if (at < in.length && (in[at] == '+' || in[at] == '-')) {
                at++;
            }
            digits();
        }
        int hash = 0;
        for (int i = start; i < at; i++) {
            hash = 31 * hash + in[i];
        }
        return numbers.of(in, start, at, hash, NumberNode::ofLiteral);
    }

    private void digits() {
        int start = at;
        while (at < in.length && in[at] >= '0' && in[at] <= '9') {
            at++;
        }
        if (at == start) {
            throw new Refused("expected a digit", at);
        }
    }

    /** @return where a string of printable ASCII without escapes ends (its closing quote), or -1 */
    private int plainEnd(int start) {
        int hash = 0;
        for (int i = start; i < in.length; i++) {
            byte b = in[i];
            if (b == '"') {
                scannedHash = hash;
                return i;
            }
            if (b == '\\' || b < 0x20) { // a negative byte starts a multi-byte UTF-8 sequence
                return -1;
            }
            hash = 31 * hash + b;
        }
        throw new Refused("unterminated string", start);
    }

    /** A string with escapes or non-ASCII text; {@link #at} is on its opening quote. */
    private String slowString() {
        if (escaped == null) {
            escaped = new EscapedStrings(in);
        }
        String text = escaped.read(at);
        at = escaped.end();
        return text;
    }

    private void literal(String word) {
        int end = at + word.length();
        if (end > in.length) {
            throw new Refused("truncated literal", at);
        }
        for (int i = 0; i < word.length(); i++) {
            if (in[at + i] != word.charAt(i)) {
                throw new Refused("bad literal", at);
            }
        }
        at = end;
    }

    private void skipSpace() {
        while (at < in.length) {
            byte b = in[at];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            at++;
        }
    }

    private byte peek() {
        if (at >= in.length) {
            throw new Refused("truncated", at);
        }
        return in[at];
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new Refused("expected " + c, at);
        }
        at++;
    }

    private static void checkDepth(int depth) {
        if (depth >= MAX_DEPTH) {
            throw new Refused("nested deeper than " + MAX_DEPTH, 0);
        }
    }
}
