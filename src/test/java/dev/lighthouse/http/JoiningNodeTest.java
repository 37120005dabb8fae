package dev.lighthouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a node that has not caught up with its cluster answers, over HTTP. */
class JoiningNodeTest {

    @TempDir
    Path dir;

    /**
     * A node whose only seed never answers stays {@code joining}: its problem's {@code status} is
     * the HTTP status (RFC 9457), and the node's state is a member of its own.
     */
    @Test
    void aJoiningNodeRefusesDataWithAProblemWhoseStatusIsTheHttpStatus() throws Exception {
        // Listening, so the seed's port is taken for the whole test, but never speaking JGroups.
        try (ServerSocket silentSeed = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             TestServer node = TestServer.start(dir.resolve("data.d"), cfg -> cfg.withCluster("node2", 0,
                     List.of("127.0.0.1:" + silentSeed.getLocalPort()), false))) {
            for (String target : List.of("/data/", "/data/file?consistent=true", "/watch/file", "/groups",
                    "/groups/srv/dm", "/groups/srv/dm?wait=0", "/sessions")) {
                Response reply = node.http().get(target);
                JsonNode problem = Api.assertProblem(reply, 503, "not-serving");
                assertEquals(503, problem.get("status").asInt(), target);
                assertEquals("joining", problem.get("state").asText(), target);
                assertEquals(List.of("type", "title", "status", "detail", "state"), fieldNames(problem), target);
            }
            assertEquals("joining", Api.json(node.http().get("/health")).get("status").asText(),
                    "/health is no problem body: its status member is the node's state");
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        java.util.ArrayList<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
