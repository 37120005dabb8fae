package dev.lighthouse.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lighthouse.store.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code data.d/cluster/members.json}: this node's name and the cluster
 * addresses of the members it last knew, so a node restarted with no flags
 * finds its peers again. Format in docs/cluster.md.
 */
final class MemberFile {

    static final String NAME = "members.json";
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

    /** @return the saved content, or null when the node never ran in a cluster */
    Content read() {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            List<String> peers = new ArrayList<>();
            root.path("peers").forEach(peer -> peers.add(peer.asText()));
            return new Content(root.path("self").asText(), peers, root.path("joined").asBoolean(false));
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is unreadable: " + e.getMessage(), e);
        }
    }

    void write(Content content) {
        ObjectNode root = JSON.createObjectNode();
        root.put("self", content.self());
        root.put("joined", content.joined());
        ArrayNode peers = root.putArray("peers");
        content.peers().forEach(peers::add);
        Path temp = file.resolveSibling(NAME + ".tmp");
        try {
            Files.deleteIfExists(temp);
            Files.createFile(temp, OwnerOnly.FILE);
            Files.writeString(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }
}
