package dev.lighthouse.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.ServerProcess;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/lighthouse as a user runs it: flags, exit codes, the bundled data and the README's curl flows. */
class CommandLineIT {

    @TempDir
    Path temp;

    @Test
    void helpAndVersionExitZero() throws Exception {
        ServerProcess help = ServerProcess.run("--help");
        assertEquals(0, help.exitCode());
        assertTrue(String.join("\n", help.output()).contains("--data.d"), help.output().toString());
        ServerProcess version = ServerProcess.run("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.output().get(0).startsWith("Lighthouse "), version.output().toString());
    }

    @Test
    void misuseIsOneLineAndExitCodeTwo() throws Exception {
        for (String[] flags : new String[][] {{"--bogus"}, {"--port=abc"}, {"--retain=0"}, {"--port=70000"},
                {"--conf=" + temp.resolve("missing.json")}, {"extra-argument"}, {"--seeds=nohost"},
                {"--seeds=127.0.0.1:0"}, {"--seeds=127.0.0.1:7800,:7801"}, {"--cluster-port=70000"},
                {"--name=two words"}, {"--name="}}) {
            ServerProcess run = ServerProcess.run(flags);
            assertEquals(2, run.exitCode(), String.join(" ", flags) + ": " + run.output());
            assertEquals(1, run.output().size(), String.join(" ", flags) + ": " + run.output());
            assertTrue(run.output().get(0).startsWith("lighthouse: "), run.output().toString());
        }
    }

    @Test
    void theShippedSampleConfigurationStartsAServer() throws Exception {
        Path conf = ServerProcess.home().resolve("conf/lighthouse.json");
        try (ServerProcess server = ServerProcess.start("--conf=" + conf, "--data.d=" + temp.resolve("d"), "--port=0",
                "--cluster-port=0")) {
            assertEquals(200, server.http().get("/health").statusCode());
        }
    }

    @Test
    void servesTheBundledExampleAndTheSeedsCurlExamplesAnswerAsWritten() throws Exception {
        Path dataDir = temp.resolve("data.d");
        Files.createDirectories(dataDir);
        try (Stream<Path> bundled = Files.list(ServerProcess.home().resolve("data.d"))) {
            for (Path file : bundled.toList()) {
                Files.copy(file, dataDir.resolve(file.getFileName()));
            }
        }
        try (ServerProcess server = ServerProcess.start("--data.d", dataDir.toString(), "--port", "0", "--cluster-port", "0")) {
            assertEquals("\"/var/log/apache2/access.log\"", body(server, "/data/file"));
            assertEquals("1024", body(server, "/data/size"));
            assertEquals("[\"192.168.2.1\",\"192.168.2.2\"]", body(server, "/data/providers/beta"));
            assertEquals("\"192.168.2.1\"", body(server, "/data/providers/beta/0"));

            assertEquals(200, Api.send(server, "PUT", "/lock", Api.JSON,
                    "{\"name\":\"ops\",\"locked\":true,\"ttl\":\"1m\"}").statusCode());
            assertEquals(200, Api.send(server, "PUT", "/update/ops/providers/delta", Api.JSON,
                    "[\"192.168.4.1\"]").statusCode());
            assertEquals(404, server.http().get("/data/providers/delta").statusCode(), "not visible before commit");
            Response commit = Api.send(server, "PUT", "/lock", Api.JSON, "{\"name\":\"ops\",\"locked\":false}");
            assertEquals(200, commit.statusCode());
            assertTrue(Api.text(commit).contains("\"seq\":2"), Api.text(commit));
            assertTrue(Api.text(commit).contains("\"changed\":[\"/providers/delta\"]"), Api.text(commit));
            assertEquals("[\"192.168.4.1\"]", body(server, "/data/providers/delta"));
        }
        try (Stream<Path> files = Files.list(dataDir)) {
            assertEquals(2, files.filter(f -> f.getFileName().toString().endsWith(".json")).count(),
                    "one file per version (beside the cluster directory)");
        }
    }

    private static String body(ServerProcess server, String path) throws Exception {
        Response reply = server.http().get(path);
        assertEquals(200, reply.statusCode(), path + ": " + Api.text(reply));
        return Api.text(reply).trim();
    }
}
