package dev.lighthouse.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.Ctl;
import dev.lighthouse.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a start of lighthousectl loads, from the JVM's class-loading log: the commands scripts
 * loop on build no {@code HttpClient} (it costs a fresh JVM about half a second), and a raw read
 * no Jackson mapper either; a watch, which needs an event stream, does build one.
 */
class CtlStartupIT {

    private static final String HTTP_CLIENT = "java.net.http.";
    private static final String MAPPER = "com.fasterxml.jackson.databind.ObjectMapper ";

    @TempDir
    Path dir;

    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir.resolve("data.d"));
        assertEquals(200, Api.send(server, "PATCH", "/data/", Api.MERGE, "{\"file\":{\"size\":4096}}").statusCode());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    /** The classes the command loaded, one log line each. */
    private List<String> loadedBy(String name, String... args) throws Exception {
        Path log = dir.resolve(name + ".classes");
        Ctl.Result result = Ctl.of(server.url())
                .env("LIGHTHOUSE_CTL_JAVA_OPTS", "-Xlog:class+load=info:file=" + log)
                .run(args);
        assertEquals(0, result.exitCode(), result.toString());
        List<String> lines = Files.readAllLines(log);
        assertTrue(lines.stream().anyMatch(line -> line.contains("dev.lighthouse.ctl.LighthouseCtl ")),
                "the log lists the program's own classes: " + lines.size() + " lines");
        return lines;
    }

    private static boolean loads(List<String> classes, String prefix) {
        return classes.stream().anyMatch(line -> line.contains("] " + prefix));
    }

    @Test
    void aRawGetLoadsNeitherHttpClientNorAMapper() throws Exception {
        List<String> classes = loadedBy("get", "get", "--raw", "/file");
        assertFalse(loads(classes, HTTP_CLIENT), "java.net.http loaded by get --raw");
        assertFalse(loads(classes, MAPPER), "ObjectMapper loaded by get --raw");
    }

    @Test
    void aSetLoadsNoHttpClient() throws Exception {
        assertFalse(loads(loadedBy("set", "set", "/file/size", "8192"), HTTP_CLIENT), "java.net.http loaded by set");
        assertEquals("8192", Api.data(server, "file/size").trim());
    }

    @Test
    void aWatchBuildsOneForItsStream() throws Exception {
        Path log = dir.resolve("watch.classes");
        try (Ctl.Running watch = Ctl.of(server.url())
                .env("LIGHTHOUSE_CTL_JAVA_OPTS", "-Xlog:class+load=info:file=" + log).spawn("watch", "/file")) {
            Await.until("the watch printed the value", Duration.ofSeconds(30), () -> !watch.lines().isEmpty());
            assertEquals(List.of("{\"size\":4096}"), watch.lines());
        }
        assertTrue(loads(Files.readAllLines(log), HTTP_CLIENT + "HttpClient "), "the control: the log shows it");
    }
}
