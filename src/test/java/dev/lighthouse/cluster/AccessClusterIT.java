package dev.lighthouse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lighthouse.config.AccessSection;
import dev.lighthouse.testing.TestCluster;
import dev.lighthouse.testing.TestServer;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lock's owner is replicated state: every node refuses another token's commit, a new leader
 * included, and every node records who made each version.
 */
class AccessClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String DEPLOYER = "deployer-token-for-the-cluster";
    private static final String ADMIN = "admin-token-for-the-cluster";

    private static final AccessSection ACCESS = new AccessSection(List.of(
            new AccessSection.TokenEntry("deployer", DigestUtils.sha512Hex(DEPLOYER),
                    List.of(new AccessSection.GrantEntry("/app", true, true))),
            new AccessSection.TokenEntry("admin", DigestUtils.sha512Hex(ADMIN),
                    List.of(new AccessSection.GrantEntry("/", true, true)))),
            List.of(), List.of(), true);

    @RegisterExtension
    static final TestCluster cluster = TestCluster.of(3).configure(config -> config.withAccess(ACCESS, null));

    private static RequestSpecification as(TestServer node, String token) {
        return node.http().header("Authorization", "Bearer " + token).contentType("application/json");
    }

    @Test
    void aLockTakenThroughOneNodeIsRefusedToOtherTokensEverywhereAndSurvivesTheLeader() throws Exception {
        TestServer leader = cluster.leader(WAIT);
        TestServer follower = cluster.follower(WAIT);
        as(follower, DEPLOYER).body("{\"name\":\"release\",\"locked\":true,\"ttl\":\"1m\"}").put("/lock")
                .then().statusCode(200);
        as(follower, DEPLOYER).body("\"v7\"").put("/update/release/app/version").then().statusCode(200);
        for (TestServer node : cluster.running()) {
            as(node, ADMIN).body("{\"name\":\"release\",\"locked\":false}").put("/lock").then().statusCode(403);
            as(node, ADMIN).body("1").put("/update/release/app/x").then().statusCode(403);
        }
        cluster.stop(cluster.index(leader));

        TestServer next = cluster.leader(WAIT);
        as(next, ADMIN).queryParam("name", "release").delete("/lock").then().statusCode(403);
        long seq = Long.parseLong(as(next, DEPLOYER).body("{\"name\":\"release\",\"locked\":false}").put("/lock")
                .then().statusCode(200).extract().path("committed.seq").toString());
        cluster.awaitConverged(next, WAIT);
        for (TestServer node : cluster.running()) {
            List<Object> newest = as(node, ADMIN).get("/versions?limit=1").then().statusCode(200)
                    .extract().path("findAll { it.seq == " + seq + " }.by");
            assertEquals(List.of("deployer"), newest, node.node().cluster().name());
        }
    }
}
