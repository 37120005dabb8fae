package dev.lighthouse.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lighthouse.store.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code data.d/cluster/members.json}: this node's name and the cluster
 * addresses of the members it last knew, so a node restarted with no flags
 * finds its peers again. Format in docs/cluster.md. Replaced whole (temp file,
 * synced, renamed, directory synced).
 */
final class MemberFile {

    static final String NAME = "members.json";
    private static final Logger LOG = LoggerFactory.getLogger(MemberFile.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param peers  cluster addresses (host:port) of the other members
     * @param joined whether this node has been a Raft member: a node that was once and is no
     *               longer was removed, and must not ask to be added back on its own
     */
    record Content(String self, List<String> peers, boolean joined) {
        Content {
            peers = List.copyOf(peers);
        }
    }

    private final Path file;

    MemberFile(Path clusterDir) {
        this.file = clusterDir.resolve(NAME);
    }

    /**
     * @return the saved content, or null when the node never ran in a cluster, or when the file
     *         is unreadable: it only helps a restart find its peers (the Raft log says who the
     *         members are), so a damaged one is reported, set aside and written anew
     */
    Content read() {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || !root.path("self").isTextual()) {
                throw new IOException("no node name in it");
            }
            List<String> peers = new ArrayList<>();
            root.path("peers").forEach(peer -> peers.add(peer.asText()));
            return new Content(root.path("self").asText(), peers, root.path("joined").asBoolean(false));
        } catch (IOException e) {
            Path aside = file.resolveSibling(NAME + ".corrupt");
            LOG.warn("{} is unreadable ({}); set aside as {}. This node starts without the peer list it kept: give"
                    + " --seeds if it does not find its cluster", file, e.getMessage(), aside.getFileName());
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                LOG.warn("could not set {} aside: {}", file, moveFailed.getMessage());
            }
            return null;
        }
    }

    /** Synchronized: the status round and a view change may both write, and each replaces the one temp file. */
    synchronized void write(Content content) {
        ObjectNode root = JSON.createObjectNode();
        root.put("self", content.self());
        root.put("joined", content.joined());
        ArrayNode peers = root.putArray("peers");
        content.peers().forEach(peers::add);
        Path temp = file.resolveSibling(NAME + ".tmp");
        try {
            Files.deleteIfExists(temp);
            byte[] bytes = (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            try (FileChannel out = FileChannel.open(temp, java.util.Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), OwnerOnly.FILE)) {
                ByteBuffer remaining = ByteBuffer.wrap(bytes);
                while (remaining.hasRemaining()) {
                    out.write(remaining);
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
                // replaced at the next write
            }
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }
}
