package dev.lighthouse.http;

import dev.lighthouse.config.Limits;
import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.error.ProblemType;
import dev.lighthouse.error.RequestRefused;
import dev.lighthouse.tree.JsonCodec;
import dev.lighthouse.tree.Node;
import dev.lighthouse.tree.ObjectNode;
import dev.lighthouse.tree.StringNode;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/** Reads request bodies as JSON within the configured limits. */
final class Bodies {

    private final JsonCodec codec;
    private final long maxBytes;

    Bodies(Limits limits) {
        this.codec = new JsonCodec(limits.json());
        this.maxBytes = limits.maxBodyBytes();
    }

    /** @param declaredLength Content-Length, or -1 when absent */
    Node read(InputStream body, long declaredLength) {
        if (declaredLength > maxBytes) {
            throw tooLarge();
        }
        return codec.parse(new Bounded(body, maxBytes));
    }

    /** Reads an object whose members must all be among {@code allowed}. */
    ObjectNode readObject(InputStream body, long declaredLength, Set<String> allowed, String what) {
        Node node = read(body, declaredLength);
        if (!(node instanceof ObjectNode object)) {
            throw new InvalidInput(what + " must be a JSON object");
        }
        for (int i = 0; i < object.size(); i++) {
            if (!allowed.contains(object.key(i))) {
                throw new InvalidInput("unknown member '" + object.key(i) + "' in " + what + " (allowed: " + allowed + ")");
            }
        }
        return object;
    }

    static String optionalString(ObjectNode object, String member) {
        Node node = object.get(member);
        if (node == null) {
            return null;
        }
        if (!(node instanceof StringNode string)) {
            throw new InvalidInput("'" + member + "' must be a string, not " + node.typeName());
        }
        return string.value();
    }

    private RequestRefused tooLarge() {
        return new RequestRefused(ProblemType.PAYLOAD_TOO_LARGE, "the request body exceeds the limit of " + maxBytes + " bytes");
    }

    /** Fails the read as soon as the body passes the limit, whatever Content-Length claimed. */
    private final class Bounded extends FilterInputStream {
        private long remaining;

        Bounded(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && --remaining < 0) {
                throw tooLarge();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, (int) Math.min(length, remaining + 1));
            if (n > 0) {
                remaining -= n;
                if (remaining < 0) {
                    throw tooLarge();
                }
            }
            return n;
        }
    }
}
