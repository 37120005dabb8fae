package dev.lighthouse.http;

import static org.hamcrest.Matchers.containsString;

import dev.lighthouse.config.Limits;
import dev.lighthouse.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The depth limit holds for the stored document, not only for one request body. */
class DocumentDepthTest {

    @TempDir
    Path dataDir;

    @Test
    void aDeepPathPlusADeepBodyCannotNestTheDocumentPastTheLimit() throws Exception {
        Limits limits = Limits.DEFAULT;
        Limits shallow = new Limits(limits.maxBodyBytes(), 10, limits.maxStringLength(), limits.maxPathBytes(),
                limits.maxTtl(), limits.maxWait(), limits.writeTimeout(), limits.maxWatchersPerAddress(),
                limits.watchHeartbeat());
        try (TestServer server = TestServer.start(dataDir, cfg -> cfg.withLimits(shallow))) {
            String body = "[[[[[[[[1]]]]]]]]"; // depth 8: within the body limit of 10; the document may reach 20
            String twelve = "/a/b/c/d/e/f/g/h/i/j/k/l";
            server.http().contentType("application/merge-patch+json").body(body)
                    .patch("/data" + twelve).then().statusCode(200);
            server.http().contentType("application/merge-patch+json").body(body)
                    .patch("/data/a/b/c/d/e/f/g/h/i/j/k/x/y").then().statusCode(400).body(containsString("levels deep"));
            server.http().body("{\"name\":\"n\",\"locked\":true}").put("/lock").then().statusCode(200);
            server.http().body(body).put("/update/n/a/b/c/d/e/f/g/h/i/j/k/x/y").then().statusCode(400);
            server.http().body(body).put("/update/n/p").then().statusCode(200);
            server.http().body("{\"name\":\"n\",\"locked\":false}").put("/lock").then().statusCode(200);
            server.http().get("/version").then().body(containsString("\"seq\":2"));
        }
    }
}
