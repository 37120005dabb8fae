package dev.lighthouse.tree;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * {@link StoredJsonReader}'s slow path: strings with escapes or non-ASCII text, decoded as
 * strictly as the strict parser would (malformed UTF-8 and lone surrogates are refused).
 */
final class EscapedStrings {

    private final byte[] in;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private int end;

    EscapedStrings(byte[] in) {
        this.in = in;
    }

    /** Just after the closing quote of the string {@link #read} last read. */
    int end() {
        return end;
    }

    /**
     * @param quote where the string's opening quote is
     * @return the string; {@link #end} then says where it ended
     */
    String read(int quote) {
        StringBuilder text = new StringBuilder();
        int i = quote + 1;
        int run = i;
        while (true) {
            if (i >= in.length) {
                throw new StoredJsonReader.Refused("unterminated string", quote);
            }
            byte b = in[i];
            if (b == '"' || b == '\\') {
                appendUtf8(text, run, i);
                if (b == '"') {
                    end = i + 1;
                    return checkedSurrogates(text, quote);
                }
                i = escape(text, i + 1);
                run = i;
            } else if (b >= 0 && b < 0x20) {
                throw new StoredJsonReader.Refused("control character in a string", i);
            } else {
                i++;
            }
        }
    }

    /** @return the position after the escape that starts at {@code i} (after its backslash) */
    private int escape(StringBuilder text, int i) {
        if (i >= in.length) {
            throw new StoredJsonReader.Refused("truncated escape", i);
        }
        switch (in[i]) {
            case '"' -> text.append('"');
            case '\\' -> text.append('\\');
            case '/' -> text.append('/');
            case 'b' -> text.append('\b');
            case 'f' -> text.append('\f');
            case 'n' -> text.append('\n');
            case 'r' -> text.append('\r');
            case 't' -> text.append('\t');
            case 'u' -> {
                if (i + 4 >= in.length) {
                    throw new StoredJsonReader.Refused("truncated escape", i);
                }
                int code = 0;
                for (int k = 1; k <= 4; k++) {
                    int digit = Character.digit(in[i + k], 16);
                    if (digit < 0) {
                        throw new StoredJsonReader.Refused("bad \\u escape", i);
                    }
                    code = code * 16 + digit;
                }
                text.append((char) code);
                return i + 5;
            }
            default -> throw new StoredJsonReader.Refused("bad escape", i);
        }
        return i + 1;
    }

    private void appendUtf8(StringBuilder text, int from, int to) {
        if (from == to) {
            return;
        }
        try {
            text.append(utf8.decode(ByteBuffer.wrap(in, from, to - from)));
        } catch (CharacterCodingException e) {
            throw new StoredJsonReader.Refused("invalid UTF-8", from);
        }
    }

    /** As the strict parser: a lone surrogate from an escape is not Unicode text. */
    private static String checkedSurrogates(StringBuilder text, int quote) {
        if (Surrogates.anyLone(text)) {
            throw new StoredJsonReader.Refused("unpaired surrogate", quote);
        }
        return text.toString();
    }
}
