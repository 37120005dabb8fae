package dev.lighthouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.TestCluster;
import dev.lighthouse.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client against an in-JVM three-node cluster: a live value follows the document through
 * the loss of the member it was streaming from, without losing or repeating a change, and a
 * session renewed by the client survives the leader being stopped.
 */
class ClientClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    record Limits(int rate) {
    }

    @RegisterExtension
    final TestCluster cluster = TestCluster.of(3);

    private LighthouseClient client(TestServer first) {
        List<String> urls = new ArrayList<>();
        urls.add(first.url());
        cluster.running().stream().filter(node -> node != first).forEach(node -> urls.add(node.url()));
        return LighthouseClient.builder().members(urls.toArray(String[]::new)).connectTimeout(Duration.ofSeconds(1))
                .requestTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void aLiveValueKeepsEveryChangeWhenTheMemberItFollowsIsKilledAndACommitLandsMeanwhile() throws Exception {
        TestServer followed = cluster.follower(WAIT);
        try (LighthouseClient client = client(followed)) {
            client.mergePatch("/app/limits", Map.of("rate", 1));
            LiveValue<Limits> limits = client.follow("/app/limits", Limits.class);
            List<Integer> heard = new CopyOnWriteArrayList<>();
            List<Boolean> connection = new CopyOnWriteArrayList<>();
            limits.onConnection(connection::add);
            limits.await(WAIT);
            limits.onChange(state -> heard.add(state.value().rate()));
            client.mergePatch("/app/limits", Map.of("rate", 2));
            Await.until("rate 2 heard", WAIT, () -> heard.contains(2));

            cluster.stop(cluster.index(followed));
            client.mergePatch("/app/limits", Map.of("rate", 3)); // lands while the stream is down
            Await.until("rate 3 heard through another member", WAIT, () -> heard.contains(3));
            client.mergePatch("/app/limits", Map.of("rate", 4));
            Await.until("rate 4 heard", WAIT, () -> heard.contains(4));

            assertEquals(List.of(1, 2, 3, 4), heard, "every state once, in order");
            assertTrue(connection.contains(false), "the loss was reported: " + connection);
            assertTrue(limits.connected());
        }
    }

    @Test
    void aSessionAndItsHoldSurviveTheLeaderBeingStopped() throws Exception {
        TestServer leader = cluster.leader(WAIT);
        TestServer follower = cluster.follower(WAIT);
        try (LighthouseClient client = client(follower)) {
            Session session = client.openSession("svc", Duration.ofSeconds(3));
            Membership hold = client.join(session, "svc", "a", null, 1, Duration.ZERO);
            assertTrue(hold.holder());
            long token = hold.token();
            cluster.stop(cluster.index(leader));
            TestServer next = cluster.leader(WAIT);
            long until = System.nanoTime() + Duration.ofSeconds(7).toNanos();
            Await.until("two ttls under the new leader", Duration.ofSeconds(15),
                    () -> System.nanoTime() > until || session.lost());
            assertFalse(session.lost(), "the session was lost across the fail-over");
            assertTrue(hold.holder());
            assertEquals(token, hold.token(), "the hold is the same one, not a new grant");
            assertTrue(next.node().state().coordination().session(session.id()) != null);
            session.close();
        }
    }
}
