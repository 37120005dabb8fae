package dev.lighthouse.http;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperationsApiTest {

    @TempDir
    Path dataDir;

    @Test
    void healthAndMetricsAnswerAndHeadMatchesGet() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            server.http().get("/health").then().statusCode(200).body(equalTo("{\"status\":\"active\"}\n"));
            server.http().contentType("application/merge-patch+json").body("{\"a\":1}").patch("/data/").then()
                    .statusCode(200);
            Response get = server.http().get("/metrics");
            get.then().statusCode(200)
                    .body(containsString("lighthouse_commits_total 1.0"))
                    .body(containsString("lighthouse_version_seq 1.0"))
                    .body(containsString("lighthouse_cluster_leader 1.0"))
                    .body(containsString("lighthouse_replication_lag_entries 0.0"))
                    .body(org.hamcrest.Matchers.matchesPattern("(?s).*lighthouse_raft_applied_index [1-9][0-9]*\\.0.*"))
                    .body(containsString("lighthouse_http_request_duration_seconds_count{method=\"PATCH\",route=\"data\",status=\"2xx\"} 1"));
            Response head = server.http().head("/metrics");
            assertEquals(200, head.statusCode());
            // Metrics move between two requests, so only the order of magnitude can be compared.
            long announced = Long.parseLong(head.getHeader("Content-Length"));
            assertTrue(announced > get.asString().length() / 2, "HEAD announces the body's length, not 0: " + announced);
        }
    }
}
