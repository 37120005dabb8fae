package dev.lighthouse.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.Ctl;
import dev.lighthouse.testing.TestCluster;
import dev.lighthouse.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lighthousectl run} across a leader fail-over: the holder renews through the leader,
 * the leader is stopped, and the hold survives: no STOP, no second START, the same token, while
 * the run moves its renewals to another member.
 */
class CtlRunFailoverIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration TTL = Duration.ofSeconds(3);

    @RegisterExtension
    final TestCluster cluster = TestCluster.of(3);

    @TempDir
    Path temp;

    @Test
    void aHolderRenewingThroughTheLeaderKeepsItsHoldWhenTheLeaderStops() throws Exception {
        TestServer leader = cluster.leader(WAIT);
        List<String> urls = new ArrayList<>(List.of(leader.url()));
        cluster.running().stream().filter(node -> node != leader).forEach(node -> urls.add(node.url()));
        Path events = temp.resolve("events");
        Files.writeString(events, "");
        Ctl ctl = Ctl.of(String.join(",", urls));
        try (Ctl.Running holder = ctl.spawn("run", "db", "--count", "1", "--ttl", TTL.toSeconds() + "s",
                "--name", "a", "--start", "echo \"start $LIGHTHOUSE_TOKEN\" >> " + events,
                "--stop", "echo stop >> " + events)) {
            Await.until("a to start as the holder", WAIT, () -> lines(events).size() == 1);
            String started = lines(events).get(0);

            cluster.stop(cluster.index(leader));
            TestServer next = cluster.leader(WAIT);
            Thread.sleep(2 * TTL.toMillis()); // two ttls of renewals under the new leader: the hold must last them
            assertEquals(List.of(started), lines(events), "the hold was lost or restarted across the fail-over;"
                    + " lighthousectl said: " + holder.err());
            JsonNode members = Api.json(next.http().get("/groups/db")).get("members");
            assertEquals(1, members.size(), members.toString());
            assertTrue(members.get(0).get("holder").asBoolean(), members.toString());
            assertEquals(started, "start " + members.get(0).get("token").asLong(), "the same hold, the same token");
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
