package dev.lighthouse.cluster;

import static dev.lighthouse.testing.CoordApi.joinOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lighthouse.apply.StoreState;
import dev.lighthouse.config.Limits;
import dev.lighthouse.coord.Group;
import dev.lighthouse.coord.Member;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.CoordApi;
import dev.lighthouse.testing.TestCluster;
import dev.lighthouse.testing.TestServer;
import dev.lighthouse.tree.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Holds under faults: a leader cut off from the others cannot grant a hold, however its own
 * view of the group looks; and a client whose renewals stop reaching the cluster loses its
 * session, and its memberships with it in the same step, within its ttl (plus the keeper's
 * tick and a log round), while the clients still renewing keep theirs.
 */
class CoordinationFaultsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration TTL = Duration.ofSeconds(2);
    private static final JsonPath LOCK = JsonPath.of("faults", "lock");

    /** Writes that cannot commit give up after 2 s, so the cut-off leader's refusals come quickly. */
    @RegisterExtension
    static final TestCluster cluster = TestCluster.of(3)
            .configure(config -> config.withLimits(Limits.DEFAULT.withWriteTimeout(Duration.ofSeconds(2))));

    @Test
    void aLeaderCutOffFromTheOthersCannotGrantAHoldWhileTheMajorityGivesItToTheNextMember() throws Exception {
        TestServer old = cluster.leader(WAIT);
        List<TestServer> majority = cluster.running().stream().filter(n -> n != old).toList();
        String a = CoordApi.session(old.http());
        String b = CoordApi.session(old.http());
        long tokenA = joinOk(old.http(), "faults/mutex", "a", a, 1).get("token").asLong();
        assertFalse(joinOk(old.http(), "faults/mutex", "b", b, 1).get("holder").asBoolean());
        Await.until("both members on every node", WAIT, () -> cluster.running().stream()
                .allMatch(n -> CoordApi.names(CoordApi.group(n.http(), "faults/mutex")).equals("a b")));

        Faults.partition(List.of(old), majority);
        try {
            // The holder's client ends its session through the old leader: it cannot commit that.
            Api.assertProblem(old.http().delete("/sessions/" + a), 503, "unavailable");
            // And b, asking the old leader, must not hear that it holds now.
            Response stale = CoordApi.join(old.http(), "faults/mutex", "b", "{\"session\":\"" + b + "\",\"limit\":1}");
            Api.assertProblem(stale, 503, "unavailable");

            TestServer next = majorityLeader(majority);
            assertNotSame(old, next);
            assertEquals(204, next.http().delete("/sessions/" + a).statusCode());
            JsonNode group = CoordApi.group(next.http(), "faults/mutex");
            assertEquals("b", CoordApi.names(group));
            JsonNode holder = group.get("members").get(0);
            assertTrue(holder.get("holder").asBoolean());
            assertTrue(holder.get("token").asLong() > tokenA, "the new holder's token " + holder + " > " + tokenA);

            // Still cut off, the old leader shows its stale view (a holds), and grants nothing from it.
            assertEquals("a b", CoordApi.names(CoordApi.group(old.http(), "faults/mutex")));
            Api.assertProblem(CoordApi.join(old.http(), "faults/mutex", "b", "{\"session\":\"" + b + "\",\"limit\":1}"),
                    503, "unavailable");
        } finally {
            Faults.heal(cluster.running());
        }
        cluster.awaitAllActive(WAIT);
        Await.until("every node with b as the one holder, a's session gone", WAIT, () -> cluster.running().stream()
                .allMatch(n -> {
                    Group group = n.node().state().coordination().group(JsonPath.of("faults", "mutex"));
                    return group.members().size() == 1 && group.members().get(0).name().equals("b")
                            && group.members().get(0).holder() && n.node().state().coordination().session(a) == null;
                }));
        for (TestServer node : cluster.running()) {
            Member holder = node.node().state().coordination().group(JsonPath.of("faults", "mutex")).member("b");
            assertTrue(holder.token() > tokenA, node.url() + ": " + holder);
        }
    }

    @Test
    void aClientCutOffLosesItsSessionAndItsHoldInOneStepWithinItsTtlAndTheOthersKeepTheirs() throws Exception {
        TestServer leader = cluster.leader(WAIT);
        List<TestServer> followers = cluster.running().stream().filter(n -> n != leader).toList();
        String x = session(leader);
        String y = session(leader);
        String z = session(leader);
        List<String> violations = new CopyOnWriteArrayList<>();
        ConcurrentHashMap<String, Long> xGoneAt = new ConcurrentHashMap<>();
        List<String> lost = new CopyOnWriteArrayList<>();
        AtomicBoolean renewingX = new AtomicBoolean(true);
        AtomicBoolean renewing = new AtomicBoolean(true);
        AtomicLong xLastSent = new AtomicLong();
        AtomicLong xLastAcknowledged = new AtomicLong();
        Thread renewer = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (int turn = 0; renewing.get() && System.nanoTime() < deadline; turn++) {
                for (String id : List.of(x, y, z)) {
                    if (id.equals(x) && !renewingX.get()) {
                        continue;
                    }
                    long sent = System.nanoTime();
                    int status = followers.get(turn % followers.size()).http().put("/sessions/" + id).statusCode();
                    if (status == 404) {
                        lost.add(id);
                    } else if (status == 200 && id.equals(x)) {
                        xLastSent.set(sent);
                        xLastAcknowledged.set(System.nanoTime());
                    }
                }
                sleep(TTL.toMillis() / 4);
            }
        }, "test-renewer");
        renewer.start(); // at once: on a loaded machine the joins may take a good part of the ttl
        try {
            assertTrue(joinOk(leader.http(), "faults/lock", "x", x, 1).get("holder").asBoolean());
            joinOk(leader.http(), "faults/lock", "y", y, 1);
            joinOk(leader.http(), "faults/lock", "z", z, 1);
            watch(x, violations, xGoneAt);
            sleep(TTL.toMillis()); // a full ttl of renewals through the followers
            long joined = System.nanoTime();
            Await.until("a renewal of x acknowledged after the joins", WAIT, () -> xLastSent.get() > joined);
            renewingX.set(false); // x's client is cut off: none of its renewals reach anyone any more
            Await.until("x's session to expire", WAIT, () -> leader.node().state().coordination().session(x) == null);
            long goneAt = xGoneAt.values().stream().min(Long::compare).orElseThrow();
            long afterAck = TimeUnit.NANOSECONDS.toMillis(goneAt - xLastAcknowledged.get());
            long afterSend = TimeUnit.NANOSECONDS.toMillis(goneAt - xLastSent.get());
            assertTrue(afterAck <= TTL.toMillis() + 1000, "expired " + afterAck + " ms after its last acknowledged renewal");
            assertTrue(afterSend >= TTL.toMillis(), "expired " + afterSend + " ms after its last renewal was sent: early");

            sleep(TTL.toMillis()); // another ttl: y and z live on
            Await.until("every node past x's expiry", WAIT, () -> xGoneAt.size() == 3);
            assertEquals(List.of(), violations, "x's membership went in the same step as its session, y taking the hold");
            assertEquals(List.of(), lost, "the sessions still renewed survive");
            for (TestServer node : cluster.running()) {
                assertEquals("y z", CoordApi.names(CoordApi.group(node.http(), "faults/lock")), node.url());
                assertTrue(node.node().state().coordination().session(y) != null, node.url());
                assertTrue(node.node().state().coordination().session(z) != null, node.url());
            }
        } finally {
            renewing.set(false);
            renewer.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    /**
     * Checks every state any node publishes from now on: once x's session is gone, x's member must
     * be gone too, and y must hold. Records when each node first published a state without x.
     */
    private static void watch(String x, List<String> violations, ConcurrentHashMap<String, Long> xGoneAt) {
        for (TestServer node : cluster.running()) {
            String name = node.node().cluster().name();
            node.node().cluster().stateView().addListener((before, after) -> {
                if (after.coordination().session(x) != null) {
                    return;
                }
                xGoneAt.putIfAbsent(name, System.nanoTime());
                if (!holdersAfterX(after).equals("y")) {
                    violations.add(name + ": session " + x + " gone, group " + after.coordination().group(LOCK));
                }
            });
        }
    }

    /** The names of the holders of the lock group in {@code state}, in rank order. */
    private static String holdersAfterX(StoreState state) {
        StringBuilder out = new StringBuilder();
        for (Member member : state.coordination().group(LOCK).members()) {
            if (member.name().equals("x")) {
                return "x still a member";
            }
            if (member.holder()) {
                out.append(out.isEmpty() ? "" : " ").append(member.name());
            }
        }
        return out.toString();
    }

    private static String session(TestServer node) {
        Response opened = CoordApi.openSession(node.http(), "{\"ttl\":\"" + TTL.toSeconds() + "s\"}");
        assertEquals(201, opened.statusCode(), opened.asString());
        return Api.json(opened).get("id").asText();
    }

    private static TestServer majorityLeader(List<TestServer> majority) {
        TestServer[] next = new TestServer[1];
        Await.until("a leader on the majority side", WAIT, () -> {
            for (TestServer node : majority) {
                if (node.node().cluster().isLeader()) {
                    next[0] = node;
                    return true;
                }
            }
            return false;
        });
        return next[0];
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
