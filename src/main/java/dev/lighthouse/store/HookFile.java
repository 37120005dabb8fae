package dev.lighthouse.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lighthouse.tree.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code data.d/hooks.json}: the registered hooks, how far each was delivered, and the log
 * index they are as of. A group hook has {@code group} (the group's name as a JSON Pointer) in
 * place of {@code path}, and {@code emptied} (see {@link Hook#emptied}). Replaced whole: a temp file, synced, renamed into place, and the
 * directory synced, so after a crash it is the old file or the new one, never a torn one.
 * Written off the commit path ({@code VersionStore#persistHooks}); until it is written the Raft
 * log keeps the commands it reflects, and start-up replays them.
 */
public final class HookFile {

    public static final String NAME = "hooks.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public HookFile(Path dataDir) {
        this.file = dataDir.resolve(NAME);
    }

    public HookSet read() {
        if (!Files.exists(file)) {
            return HookSet.EMPTY;
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            List<Hook> hooks = new ArrayList<>();
            for (JsonNode h : root.path("hooks")) {
                hooks.add(h.has("group")
                        ? Hook.onGroup(h.path("name").asText(), JsonPath.fromPointer(h.path("group").asText()),
                                h.path("url").asText(), h.path("delivered").asLong(), h.path("emptied").asLong())
                        : new Hook(h.path("name").asText(), h.path("path").asText(), h.path("url").asText(),
                                h.path("delivered").asLong()));
            }
            return HookSet.of(hooks, root.path("index").asLong());
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(file + " is unreadable; move it aside to start without hooks",
                    e instanceof IOException io ? io : new IOException(e.getMessage(), e));
        }
    }

    public void write(HookSet hooks) {
        ObjectNode root = JSON.createObjectNode();
        root.put("index", hooks.index());
        ArrayNode list = root.putArray("hooks");
        for (Hook h : hooks.all()) {
            if (h.onGroup()) {
                list.addObject().put("name", h.name()).put("group", h.group().pointer()).put("url", h.url())
                        .put("delivered", h.delivered()).put("emptied", h.emptied());
            } else {
                list.addObject().put("name", h.name()).put("path", h.path()).put("url", h.url())
                        .put("delivered", h.delivered());
            }
        }
        Path temp = file.resolveSibling(NAME + ".tmp");
        try {
            byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
            try (FileChannel out = FileChannel.open(temp, java.util.Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), OwnerOnly.FILE)) {
                ByteBuffer content = ByteBuffer.wrap(bytes);
                while (content.hasRemaining()) {
                    out.write(content);
                }
                out.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a temp file: removed at the next start
            }
            throw new UncheckedIOException("could not write " + NAME + ": " + e.getMessage(), e);
        }
    }
}
