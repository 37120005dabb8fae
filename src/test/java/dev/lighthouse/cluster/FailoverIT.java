package dev.lighthouse.cluster;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.config.Limits;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.TestCluster;
import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes losing members: the leader stopped (fail-over, restart and catch-up, the lock's
 * lease carried over) and two of three stopped (no quorum). Every test leaves all three running.
 */
class FailoverIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Short, so the no-quorum write gives up quickly; fail-over on a clean stop takes ~0.1 s. */
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(2);

    @RegisterExtension
    static final TestCluster cluster = TestCluster.of(3).configure(config -> config.withLimits(writeTimeout()));

    private static Limits writeTimeout() {
        Limits d = Limits.DEFAULT;
        return new Limits(d.maxBodyBytes(), d.maxDepth(), d.maxStringLength(), d.maxPathBytes(), d.maxTtl(),
                d.maxWait(), WRITE_TIMEOUT, d.maxWatchersPerAddress(), d.watchHeartbeat());
    }

    @AfterEach
    void restartStopped() throws Exception {
        for (int i = 1; i <= 3; i++) {
            if (cluster.node(i) == null) {
                cluster.restart(i);
            }
        }
        cluster.awaitAllActive(WAIT);
        cluster.awaitConverged(cluster.leader(WAIT), WAIT);
    }

    /** Without this the survivors of a stopped founder (node1) could not elect a leader among themselves. */
    @Test
    void everyNodeCountsEveryMemberIncludingTheFounder() {
        for (TestServer node : cluster.running()) {
            assertEquals(List.of("node1", "node2", "node3"),
                    node.node().cluster().raft().members().stream().sorted().toList(), node.node().cluster().name());
        }
    }

    @Test
    void aNewLeaderCommitsAndTheOldOneCatchesUpWhenItReturns() throws Exception {
        TestServer old = cluster.leader(WAIT);
        int oldIndex = cluster.index(old);
        patch(old, "{\"failover\":{\"before\":1}}").then().statusCode(200);
        cluster.stop(oldIndex);

        TestServer next = cluster.leader(WAIT);
        assertNotSame(old, next);
        long seq = Long.parseLong(patch(next, "{\"failover\":{\"after\":2}}").then().statusCode(200)
                .extract().path("committed.seq").toString());
        cluster.awaitConverged(next, WAIT);

        TestServer back = cluster.restart(oldIndex);
        cluster.awaitAllActive(WAIT);
        cluster.awaitConverged(next, WAIT);
        assertTrue(back.node().currentVersion().seq() >= seq);
        back.http().get("/data/failover").then().statusCode(200)
                .body("before", equalTo(1)).body("after", equalTo(2));
        assertEquals(back.node().currentVersion().checksum(),
                next.http().get("/version").then().statusCode(200).extract().path("checksum"));
    }

    @Test
    void withoutAQuorumWritesFailWithAnOutcomeAndReadsGoOn() throws Exception {
        TestServer survivor = cluster.follower(WAIT);
        int keep = cluster.index(survivor);
        patch(survivor, "{\"quorum\":\"before\"}").then().statusCode(200);
        cluster.awaitConverged(survivor, WAIT);
        long seq = survivor.node().currentVersion().seq();
        for (int i = 1; i <= 3; i++) {
            if (i != keep) {
                cluster.stop(i);
            }
        }

        long started = System.nanoTime();
        Response refused = patch(survivor, "{\"quorum\":\"after\"}");
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        refused.then().statusCode(503).contentType("application/problem+json")
                .body("status", equalTo(503))
                .body("outcome", org.hamcrest.Matchers.oneOf("not-applied", "unknown"));
        assertTrue(tookMillis < WRITE_TIMEOUT.toMillis() + 3000, "the write took " + tookMillis + " ms");

        String read = survivor.http().get("/data/quorum").then().statusCode(200)
                .header("X-Lighthouse-Seq", equalTo(Long.toString(seq))).extract().asString();
        assertEquals("\"before\"", read.strip());
        Await.until("/health to report no-quorum", WAIT, () ->
                survivor.http().get("/health").statusCode() == 503);
        survivor.http().get("/health").then().statusCode(503).body("status", equalTo("no-quorum"));
    }

    @Test
    void aLockOutlivesTheLeaderAndIsFreedWhenItsLeaseLapses() throws Exception {
        TestServer leader = cluster.leader(WAIT);
        TestServer holder = cluster.follower(WAIT);
        String expires = holder.http().contentType("application/json")
                .body("{\"name\":\"n\",\"locked\":true,\"ttl\":\"3s\"}").put("/lock")
                .then().statusCode(200).body("expires", notNullValue()).extract().path("expires");
        cluster.stop(cluster.index(leader));

        TestServer next = cluster.leader(WAIT);
        next.http().get("/lock").then().statusCode(200).body("locked", is(true)).body("name", equalTo("n"));
        Await.until("the lapsed lease to free the lock", WAIT, () ->
                Boolean.FALSE.equals(next.http().get("/lock").then().statusCode(200).extract().path("locked")));
        assertTrue(!Instant.now().isBefore(Instant.parse(expires)), "freed before its lease lapsed at " + expires);
        for (TestServer node : cluster.running()) {
            Await.until("the lock freed on every node", WAIT, () ->
                    Boolean.FALSE.equals(node.http().get("/lock").then().extract().path("locked")));
        }
    }

    @Test
    void stagedEditsSurviveTheLeaderAndTheHolderCommitsThem() throws Exception {
        TestServer leader = cluster.leader(WAIT);
        TestServer holder = cluster.follower(WAIT);
        holder.http().contentType("application/json").body("{\"name\":\"staged\",\"locked\":true,\"ttl\":\"60s\"}")
                .put("/lock").then().statusCode(200);
        holder.http().contentType("application/json").body("\"kept\"").put("/update/staged/staging/value")
                .then().statusCode(200);
        cluster.stop(cluster.index(leader));

        TestServer next = cluster.leader(WAIT);
        next.http().get("/lock").then().statusCode(200).body("name", equalTo("staged")).body("staged", equalTo(1));
        holder.http().contentType("application/json").body("{\"name\":\"staged\",\"locked\":false}").put("/lock")
                .then().statusCode(200).body("locked", is(false)).body("committed.changed", hasItem("/staging"));
        cluster.awaitConverged(holder, WAIT);
        for (TestServer node : cluster.running()) {
            node.http().get("/data/staging").then().statusCode(200).body("value", equalTo("kept"));
        }
    }

    private static Response patch(TestServer node, String mergePatch) {
        return node.http().contentType("application/merge-patch+json").body(mergePatch).patch("/data");
    }

}
