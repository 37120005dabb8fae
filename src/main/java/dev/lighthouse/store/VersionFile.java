package dev.lighthouse.store;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.lighthouse.tree.ArrayNode;
import dev.lighthouse.tree.JsonCodec;
import dev.lighthouse.tree.JsonLimits;
import dev.lighthouse.tree.JsonPatch;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.Node;
import dev.lighthouse.tree.NumberNode;
import dev.lighthouse.tree.ObjectNode;
import dev.lighthouse.tree.PatchOp;
import dev.lighthouse.tree.StoredJsonReader;
import dev.lighthouse.tree.StringNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The content of one data.d file: a version's header and either the whole
 * document ({@code full}) or the RFC 6902 patch from the previous version
 * ({@code delta}). The header comes first so a reader can learn the kind
 * without parsing a large document. Format in docs/design.md.
 *
 * @param baseChecksum for a delta, the checksum of version {@code seq - 1}; null for full
 * @param body         the document (full) or the patch array (delta)
 */
public record VersionFile(long seq, String checksum, Instant timestamp, String lock, String by, List<String> changed,
                          long index, String baseChecksum, Node body) {

    static final int FORMAT = 1;
    /** The fast reader holds a whole file in one array; larger files go to the streaming parser. */
    private static final long FAST_READ_MAX_BYTES = 1L << 30;
    private static final JsonCodec STORAGE_CODEC = new JsonCodec(JsonLimits.STORAGE, false);

    public boolean isFull() {
        return baseChecksum == null;
    }

    public static VersionFile full(Version version) {
        return new VersionFile(version.seq(), version.checksum(), version.timestamp(), version.lock(), version.by(),
                version.changed(), version.index(), null, version.root());
    }

    public static VersionFile delta(Version version, Version base, List<PatchOp> patch) {
        ArrayNode.Builder ops = new ArrayNode.Builder();
        patch.forEach(op -> ops.add(op.toNode()));
        return new VersionFile(version.seq(), version.checksum(), version.timestamp(), version.lock(), version.by(),
                version.changed(), version.index(), base.checksum(), ops.build());
    }

    /**
     * Rebuilds the version this file describes and checks its checksum.
     *
     * @param base the previous version, required for a delta
     * @throws CorruptFileException when the file does not reproduce its checksum
     */
    public Version toVersion(Version base) {
        ObjectNode root;
        if (isFull()) {
            if (!(body instanceof ObjectNode object)) {
                throw new CorruptFileException("document is not an object");
            }
            root = object;
        } else {
            if (base == null || base.seq() != seq - 1 || !base.checksum().equals(baseChecksum)) {
                throw new CorruptFileException("delta does not follow the loaded version "
                        + (base == null ? "(none)" : base.seq() + " " + base.checksum()));
            }
            try {
                root = JsonPatch.apply(base.root(), JsonPatch.parse(body, JsonPath.ROOT));
            } catch (RuntimeException e) {
                throw new CorruptFileException("patch does not apply: " + e.getMessage());
            }
        }
        if (!root.digest().checksum().equals(checksum)) {
            throw new CorruptFileException("checksum mismatch: file says " + checksum + ", content gives "
                    + root.digest().checksum());
        }
        return new Version(seq, root, timestamp, lock, by, changed, index);
    }

    public void writeTo(OutputStream out) throws IOException {
        try (JsonGenerator g = STORAGE_CODEC.factory().createGenerator(out, JsonEncoding.UTF8)) {
            // The caller still has to fsync the channel under this stream.
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeNumberField("format", FORMAT);
            g.writeStringField("kind", isFull() ? "full" : "delta");
            g.writeNumberField("seq", seq);
            g.writeStringField("checksum", checksum);
            g.writeStringField("timestamp", timestamp.toString());
            if (lock != null) {
                g.writeStringField("lock", lock);
            }
            if (by != null) {
                g.writeStringField("by", by);
            }
            g.writeArrayFieldStart("changed");
            for (String pointer : changed) {
                g.writeString(pointer);
            }
            g.writeEndArray();
            if (index > 0) {
                g.writeNumberField("index", index);
            }
            if (!isFull()) {
                g.writeStringField("base", baseChecksum);
            }
            g.writeFieldName(isFull() ? "document" : "patch");
            JsonCodec.write(body, g);
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    /**
     * Reads a file with {@link StoredJsonReader}. Its result must still be verified, and a file
     * read this way that fails (here or in verification) must be read again with the strict
     * {@link #readFrom} before it is called corrupt.
     *
     * @throws StoredJsonReader.Refused when the fast reader does not vouch for the file
     */
    public static VersionFile readFast(Path path) throws IOException {
        if (Files.size(path) > FAST_READ_MAX_BYTES) {
            throw new StoredJsonReader.Refused("a file this large is streamed", 0);
        }
        Node parsed = StoredJsonReader.parse(Files.readAllBytes(path));
        VersionFile file = null;
        if (parsed instanceof ObjectNode fields && fields.get("format") instanceof NumberNode format
                && format.text().equals(Integer.toString(FORMAT))) {
            file = fromFields(fields);
        }
        if (file == null) {
            throw new StoredJsonReader.Refused("not a version file's fields", 0);
        }
        return file;
    }

    /** @return the file the members describe, or null when they are not exactly as written */
    private static VersionFile fromFields(ObjectNode fields) {
        String kind = text(fields.get("kind"));
        String checksum = text(fields.get("checksum"));
        String timestamp = text(fields.get("timestamp"));
        Node seq = fields.get("seq");
        Node changed = fields.get("changed");
        String base = text(fields.get("base"));
        Node index = fields.get("index");
        boolean full = "full".equals(kind);
        Node body = fields.get(full ? "document" : "patch");
        if (kind == null || checksum == null || timestamp == null || body == null || full == (base != null)
                || !(seq instanceof NumberNode seqNumber) || !(changed instanceof ArrayNode changedArray)
                || (index != null && !(index instanceof NumberNode))) {
            return null;
        }
        List<String> changedPointers = new ArrayList<>(changedArray.size());
        for (int i = 0; i < changedArray.size(); i++) {
            if (!(changedArray.get(i) instanceof StringNode pointer)) {
                return null;
            }
            changedPointers.add(pointer.value());
        }
        try {
            return new VersionFile(Long.parseLong(seqNumber.text()), checksum, Instant.parse(timestamp),
                    text(fields.get("lock")), text(fields.get("by")), changedPointers,
                    index == null ? 0 : Long.parseLong(((NumberNode) index).text()), base, body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String text(Node node) {
        return node instanceof StringNode string ? string.value() : null;
    }

    /** Reads only as far as the kind, for choosing a recovery anchor cheaply. */
    public static boolean isFullFile(InputStream in) throws IOException {
        try (JsonParser p = STORAGE_CODEC.factory().createParser(in)) {
            expect(p.nextToken() == JsonToken.START_OBJECT, "not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("kind")) {
                    return "full".equals(p.getText());
                }
                p.skipChildren();
            }
            throw new CorruptFileException("no 'kind'");
        }
    }

    public static VersionFile readFrom(InputStream in) throws IOException {
        Long seq = null;
        String checksum = null;
        String kind = null;
        Instant timestamp = null;
        String lock = null;
        String by = null;
        String base = null;
        long index = 0;
        List<String> changed = new ArrayList<>();
        Node body = null;
        try (JsonParser p = STORAGE_CODEC.factory().createParser(in)) {
            expect(p.nextToken() == JsonToken.START_OBJECT, "not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "format" -> expect(p.getIntValue() == FORMAT, "unknown format " + p.getText());
                    case "kind" -> kind = p.getText();
                    case "seq" -> seq = p.getLongValue();
                    case "checksum" -> checksum = p.getText();
                    case "timestamp" -> timestamp = Instant.parse(p.getText());
                    case "lock" -> lock = p.getText();
                    case "by" -> by = p.getText();
                    case "base" -> base = p.getText();
                    case "index" -> index = p.getLongValue();
                    case "changed" -> {
                        while (p.nextToken() == JsonToken.VALUE_STRING) {
                            changed.add(p.getText());
                        }
                    }
                    case "document", "patch" -> body = JsonCodec.readValue(p);
                    default -> p.skipChildren();
                }
            }
            expect(p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null, "truncated");
        } catch (RuntimeException e) {
            throw e instanceof CorruptFileException c ? c : new CorruptFileException(e.getMessage());
        }
        expect(seq != null && checksum != null && timestamp != null && body != null && kind != null,
                "missing header fields");
        expect(kind.equals("full") == (base == null), "kind '" + kind + "' does not match its fields");
        return new VersionFile(seq, checksum, timestamp, lock, by, changed, index, base, body);
    }

    private static void expect(boolean condition, String problem) {
        if (!condition) {
            throw new CorruptFileException(problem);
        }
    }
}
