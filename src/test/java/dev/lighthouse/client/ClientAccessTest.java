package dev.lighthouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.config.ConfigFile;
import dev.lighthouse.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a server with access control: the token goes with every call, and refusals are typed. */
class ClientAccessTest {

    private static final String DEPLOYER = "deployer-token-0123456789";

    @TempDir
    Path dir;
    TestServer server;

    /** How the test's clients are built; {@code *ShortLivedTest} runs the same tests over the other engine. */
    LighthouseClient.Builder builder() {
        return LighthouseClient.builder();
    }

    @BeforeEach
    void start() throws Exception {
        Path conf = dir.resolve("lighthouse.json");
        Files.writeString(conf, "{\"access\":{\"tokens\":[{\"name\":\"deployer\",\"sha512\":\""
                + DigestUtils.sha512Hex(DEPLOYER) + "\",\"grants\":[{\"path\":\"/app\",\"read\":true,\"write\":true}]}]}}");
        server = TestServer.start(dir.resolve("data.d"), cfg -> cfg.withAccess(ConfigFile.read(conf).access(), conf));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private LighthouseClient client(String token) {
        return builder().members(server.url()).token(token).requestTimeout(Duration.ofSeconds(10))
                .build();
    }

    @Test
    void aGrantedTokenReadsAndWritesUnderItsPath() {
        try (LighthouseClient deployer = client(DEPLOYER)) {
            assertTrue(deployer.mergePatch("/app", Map.of("x", 1)).isPresent());
            assertEquals(1, deployer.get("/app/x").value().asInt());
            try (Session session = deployer.openSession("d", Duration.ofSeconds(5))) {
                assertTrue(deployer.join(session, "app/leader", "d1", null, 1, Duration.ZERO).holder());
            }
        }
    }

    @Test
    void aBadTokenIs401AndAPathOutsideTheGrantIs403WithNothingApplied() {
        try (LighthouseClient stranger = client("not-a-token-at-all-0000")) {
            AccessDeniedException unauthorized = assertThrows(AccessDeniedException.class, () -> stranger.get("/app"));
            assertEquals(401, unauthorized.status());
            assertEquals("unauthorized", unauthorized.type());
            AccessDeniedException refusedWrite = assertThrows(AccessDeniedException.class,
                    () -> stranger.lock("ops", Duration.ofSeconds(5), Duration.ZERO));
            assertEquals("401 Unauthorized: the access token is not valid", refusedWrite.getMessage());
        }
        try (LighthouseClient deployer = client(DEPLOYER)) {
            long seq = deployer.version().seq();
            AccessDeniedException forbidden = assertThrows(AccessDeniedException.class,
                    () -> deployer.mergePatch("/other", Map.of("x", 1)));
            assertEquals(403, forbidden.status());
            assertEquals(LighthouseException.Outcome.NOT_APPLIED, forbidden.outcome());
            assertEquals(seq, deployer.version().seq());
        }
    }
}
