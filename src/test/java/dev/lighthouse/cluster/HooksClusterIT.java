package dev.lighthouse.cluster;

import static dev.lighthouse.testing.CoordApi.joinOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lighthouse.config.Limits;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.CoordApi;
import dev.lighthouse.testing.HookReceiver;
import dev.lighthouse.testing.TestCluster;
import dev.lighthouse.testing.TestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Hooks (on a path, on a group) in a three-node cluster: one notification per change (from the leader), and fail-over. */
class HooksClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestCluster cluster = TestCluster.of(3).configure(config -> config.withLimits(
            Limits.DEFAULT.withHookRetry(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofHours(1))));
    static HookReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        receiver = new HookReceiver();
    }

    @AfterAll
    static void stop() throws Exception {
        receiver.close();
    }

    /** Each test stops its leader; the next one starts with all three nodes again. */
    @AfterEach
    void restartStopped() throws Exception {
        for (int i = 1; i <= 3; i++) {
            if (cluster.node(i) == null) {
                cluster.restart(i);
            }
        }
        cluster.awaitAllActive(WAIT);
    }

    private static long patch(TestServer node, String body) {
        return Long.parseLong(node.http().contentType("application/merge-patch+json").body(body).patch("/data")
                .then().statusCode(200).extract().path("committed.seq").toString());
    }

    private static List<Long> seqsReceived() {
        return receiver.received().stream().map(b -> {
            try {
                return JSON.readTree(b).get("seq").asLong();
            } catch (Exception e) {
                throw new AssertionError(b, e);
            }
        }).toList();
    }

    @Test
    void oneNotificationPerChangeFromTheClusterAndItSurvivesFailover() throws Exception {
        TestServer follower = cluster.follower(WAIT);
        follower.http().contentType("application/json")
                .body("{\"name\":\"ha\",\"path\":\"/ha\",\"url\":\"" + receiver.url() + "\"}")
                .post("/hooks").then().statusCode(201);
        Await.until("every member lists the hook", WAIT, () -> cluster.running().stream()
                .allMatch(n -> n.http().get("/hooks/ha").statusCode() == 200));

        long first = patch(follower, "{\"ha\":1}");
        Await.until("the first notification", WAIT, () -> seqsReceived().contains(first));
        TestServer leader = cluster.leader(WAIT);
        Await.until("the delivery recorded on every member", WAIT, () -> cluster.running().stream().allMatch(n -> {
            JsonNode hook = readJson(n.http().get("/hooks/ha").asString());
            return hook.get("delivered").asLong() == first;
        }));

        // The receiver refuses while the leader retries; the leader dies with the notification pending.
        receiver.failNext(Integer.MAX_VALUE);
        long second = patch(leader, "{\"ha\":2}");
        int refusedSoFar = receiver.attempts();
        Await.until("the leader retrying", WAIT, () -> receiver.attempts() >= refusedSoFar + 2);
        cluster.stop(cluster.index(leader));
        receiver.failNext(0);
        TestServer next = cluster.leader(WAIT);
        assertNotSame(leader, next);
        Await.until("the pending notification, from the new leader", WAIT, () -> seqsReceived().contains(second));
        long third = patch(next, "{\"ha\":3}");
        Await.until("the next notification", WAIT, () -> seqsReceived().contains(third));

        assertEquals(List.of(first, second, third), seqsReceived(),
                "each change acknowledged once, in order, across three replicas and a fail-over");
        assertTrue(cluster.running().stream().allMatch(n -> readJson(n.http().get("/hooks/ha").asString())
                .get("delivered").asLong() <= third));
    }

    @Test
    void aPendingGroupNotificationIsSentByTheNextLeaderInRevOrder() throws Exception {
        try (HookReceiver groups = new HookReceiver()) {
            TestServer follower = cluster.follower(WAIT);
            follower.http().contentType("application/json")
                    .body("{\"name\":\"registry\",\"group\":\"srv/ha\",\"url\":\"" + groups.url() + "\"}")
                    .post("/hooks").then().statusCode(201);
            String session = CoordApi.session(follower.http());
            long first = joinOk(follower.http(), "srv/ha", "host1", session, 0).get("rev").asLong();
            Await.until("the first notification", WAIT, () -> revs(groups).contains(first));
            Await.until("its delivery recorded on every member", WAIT, () -> cluster.running().stream().allMatch(n ->
                    readJson(n.http().get("/hooks/registry").asString()).get("delivered").asLong() == first));

            // The receiver refuses while the leader retries; the leader dies with the notification pending.
            groups.failNext(Integer.MAX_VALUE);
            TestServer leader = cluster.leader(WAIT);
            long second = joinOk(leader.http(), "srv/ha", "host2", session, 0).get("rev").asLong();
            int refusedSoFar = groups.attempts();
            Await.until("the leader retrying", WAIT, () -> groups.attempts() >= refusedSoFar + 2);
            cluster.stop(cluster.index(leader));
            groups.failNext(0);
            TestServer next = cluster.leader(WAIT);
            assertNotSame(leader, next);
            Await.until("the pending notification, from the new leader", WAIT, () -> revs(groups).contains(second));
            assertEquals(204, CoordApi.leave(next.http(), "srv/ha", "host1", session).statusCode());
            long third = CoordApi.group(next.http(), "srv/ha").get("rev").asLong();
            Await.until("the leave's notification", WAIT, () -> revs(groups).contains(third));
            assertEquals(List.of(first, second, third), revs(groups),
                    "each change acknowledged once, in rev order, across a fail-over");
        }
    }

    private static List<Long> revs(HookReceiver groups) {
        return groups.received().stream().map(b -> readJson(b).get("rev").asLong()).toList();
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }
}
