package dev.lighthouse.cluster;

import static dev.lighthouse.testing.CoordApi.joinOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.CoordApi;
import dev.lighthouse.testing.EventStreamClient;
import dev.lighthouse.testing.TestCluster;
import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sessions and groups in a three-node cluster in this JVM: writes sent to any member (forwarded
 * to the leader), followed from any other, and the document untouched on every one of them.
 */
class CoordinationClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final TestCluster cluster = TestCluster.of(3);

    /** The two followers, then the leader. */
    private static List<TestServer> roles() {
        TestServer leader = cluster.leader(WAIT);
        List<TestServer> followers = cluster.running().stream().filter(n -> n != leader).toList();
        assertEquals(2, followers.size());
        return List.of(followers.get(0), followers.get(1), leader);
    }

    @Test
    void aJoinThroughOneMemberWakesALongPollAndAStreamOnAnother() throws Exception {
        List<TestServer> nodes = roles();
        TestServer through = nodes.get(0);
        TestServer watching = nodes.get(1);
        Api.Ver before = Api.version(through);
        String s1 = CoordApi.session(through.http());
        String s2 = CoordApi.session(through.http());
        long first = joinOk(through.http(), "srv/dm", "host1", s1, 0).get("rev").asLong();

        // The rev comes from the member that took the join; the other may not have applied it yet,
        // and then waits until it has rather than answer with an older group.
        CompletableFuture<Response> poll = CompletableFuture.supplyAsync(() ->
                watching.http().get("/groups/srv/dm?wait=" + first + "&timeout=60s"));
        try (EventStreamClient stream = EventStreamClient.open(watching.url() + "/groups/srv/dm",
                Long.toString(first))) {
            stream.head(WAIT);
            assertFalse(poll.isDone(), "nothing changed after rev " + first);
            long second = joinOk(through.http(), "srv/dm", "host2", s2, 0).get("rev").asLong();

            Response answer = poll.get(20, TimeUnit.SECONDS);
            assertEquals(200, answer.statusCode(), Api.text(answer));
            JsonNode group = Api.json(answer);
            assertEquals(second, group.get("rev").asLong());
            assertEquals("host1 host2", CoordApi.names(group));
            EventStreamClient.Event event = stream.next(WAIT);
            assertEquals(Long.toString(second), event.id());
            Api.assertSameJson(Api.text(answer), event.data());
        }
        Await.until("every member lists both sessions", WAIT, () -> cluster.running().stream()
                .allMatch(n -> Api.json(n.http().get("/sessions")).size() >= 2));
        for (TestServer node : cluster.running()) {
            Await.until("the document is as it was on " + node.url(), WAIT,
                    () -> Api.version(node).equals(before));
        }
    }

    @Test
    void aJoinWaitingOnOneMemberAnswersWhenTheHolderLeavesThroughAnother() throws Exception {
        List<TestServer> nodes = roles();
        TestServer a = nodes.get(0);
        TestServer b = nodes.get(1);
        TestServer leader = nodes.get(2);
        assertNotSame(a, b);
        String holder = CoordApi.session(leader.http());
        String waiter = CoordApi.session(a.http());
        long held = joinOk(leader.http(), "mysql", "db1", holder, 1).get("token").asLong();
        CompletableFuture<Response> join = CompletableFuture.supplyAsync(() -> CoordApi.join(a.http(), "mysql", "db2",
                "{\"session\":\"" + waiter + "\",\"limit\":1,\"wait\":\"60s\"}"));
        Await.until("db2 waits", WAIT, () -> CoordApi.group(b.http(), "mysql").get("members").size() == 2);
        assertFalse(join.isDone());

        b.http().delete("/sessions/" + holder).then().statusCode(204);

        Response reply = join.get(20, TimeUnit.SECONDS);
        assertEquals(200, reply.statusCode(), Api.text(reply));
        JsonNode db2 = Api.json(reply);
        assertTrue(db2.get("holder").asBoolean());
        assertTrue(db2.get("token").asLong() > held, "the next holder's token is larger, cluster-wide");

        // The former holder's fence is refused on every member; the new one's is accepted through a follower.
        Api.assertProblem(b.http().header("Lighthouse-Fence", "mysql/db1=" + held).contentType(Api.MERGE)
                .body("{\"primary\":\"db1\"}").patch("/data/"), 412, "precondition-failed");
        b.http().header("Lighthouse-Fence", "mysql/db2=" + db2.get("token").asLong()).contentType(Api.MERGE)
                .body("{\"primary\":\"db2\"}").patch("/data/").then().statusCode(200);
        assertEquals("\"db2\"", Api.data(leader, "primary").trim());
    }

    /**
     * Renewals a follower takes go to the leader in batches, and none is acknowledged before the
     * leader has confirmed, after it arrived, that it still leads: while the followers' answers to
     * the leader's confirmation rounds are held back, every renewal sent through a follower waits;
     * once they are let through, all are renewed, by far fewer batches than renewals.
     */
    @Test
    void renewalsThroughAFollowerWaitForTheLeadersConfirmationAndTravelInBatches() throws Exception {
        List<TestServer> nodes = roles();
        TestServer follower = nodes.get(0);
        int clients = 32;
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            sessions.add(CoordApi.session(follower.http()));
        }
        RenewalRelay relay = (RenewalRelay) follower.node().cluster().leadership();
        List<Faults.ProbeAnswerGate> gates = new ArrayList<>();
        for (TestServer node : nodes.subList(0, 2)) {
            gates.add(Faults.ProbeAnswerGate.install(node));
        }
        long batchesBefore = relay.batchesSent();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Response>> renewals = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            for (String session : sessions) {
                renewals.add(pool.submit(() -> {
                    start.await();
                    return follower.http().put("/sessions/" + session);
                }));
            }
            start.countDown();
            Await.until("every renewal waiting for the leader's confirmation", WAIT,
                    () -> relay.waiting() == clients);
            assertTrue(renewals.stream().noneMatch(Future::isDone), "a renewal was answered unconfirmed");
            gates.forEach(Faults.ProbeAnswerGate::open);
            for (int i = 0; i < clients; i++) {
                Response renewed = renewals.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertEquals(200, renewed.statusCode(), Api.text(renewed));
                assertEquals(sessions.get(i), Api.json(renewed).get("id").asText());
            }
        } finally {
            gates.forEach(Faults.ProbeAnswerGate::open);
            pool.shutdownNow();
        }
        long batches = relay.batchesSent() - batchesBefore;
        // The first goes alone; the rest wait behind it, and a batch left unanswered 5 ms no longer
        // holds them: how many batches depends on how the renewals' arrivals spread, never one each.
        assertTrue(batches >= 1 && batches < clients, batches + " batches for " + clients + " renewals");
    }
}
