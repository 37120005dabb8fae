package dev.lighthouse.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.ServerProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/lighthouse} without {@code --data.d}, as the README starts it, in an installation
 * of its own (this checkout's script, jar and conf, a copy of its bundled example): it serves a
 * copy of the example kept in {@code var/data.d}, and writes leave the bundled example alone.
 */
class DefaultDataDirIT {

    private static final Pattern SERVING = Pattern.compile("serving version (\\d+) .* from (\\S+) on http://[^ ]+:(\\d+)/ ");

    @TempDir
    Path temp;

    @Test
    void theDefaultStartServesACopyOfTheBundledExampleOutsideIt() throws Exception {
        Path home = installation();
        List<String> bundledBefore = names(home.resolve("data.d"));
        List<String> output = new ArrayList<>();
        Process node = start(home, output);
        try {
            Matcher serving = awaitServing(node, output);
            assertEquals("1", serving.group(1), String.join("\n", output));
            assertEquals(home.resolve("var/data.d").toString(), serving.group(2), "the start-up line names it");
            String url = "http://127.0.0.1:" + serving.group(3);
            assertEquals("1024", Api.text(Api.at(url).get("/data/size")).trim());
            assertEquals(200, Api.send(Api.at(url), "PATCH", "/data/", Api.MERGE, "{\"size\":2048}").statusCode());
        } finally {
            node.destroy();
            assertTrue(node.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(bundledBefore, names(home.resolve("data.d")), "the bundled example is as it was");
        assertEquals(2, names(home.resolve("var/data.d")).stream().filter(n -> n.endsWith(".json")).count(),
                "the example's version and the new one, in var/data.d");
    }

    /** This checkout's bin/lighthouse, jar and conf, and a copy of its bundled data.d, in a directory of its own. */
    private Path installation() throws Exception {
        Path checkout = ServerProcess.home();
        Path home = Files.createDirectories(temp.resolve("lighthouse"));
        Files.createDirectories(home.resolve("bin"));
        Files.copy(checkout.resolve("bin/lighthouse"), home.resolve("bin/lighthouse"));
        Files.createSymbolicLink(home.resolve("target"), checkout.resolve("target"));
        Files.createSymbolicLink(home.resolve("conf"), checkout.resolve("conf"));
        Files.createDirectories(home.resolve("data.d"));
        try (Stream<Path> files = Files.list(checkout.resolve("data.d"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                Files.copy(file, home.resolve("data.d").resolve(file.getFileName()));
            }
        }
        return home;
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** Free ports, so that the test never meets a node on the defaults; no --data.d, as in the README. */
    private static Process start(Path home, List<String> output) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/lighthouse").toString(), "--port=0",
                "--cluster-port=0").directory(home.toFile()).redirectErrorStream(true);
        builder.environment().put("LIGHTHOUSE_CDS", "off");
        builder.environment().put("LIGHTHOUSE_JAVA_OPTS", "-Xmx256m");
        return builder.start();
    }

    private static Matcher awaitServing(Process node, List<String> output) throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null) {
            output.add(line);
            Matcher serving = SERVING.matcher(line);
            if (serving.find()) {
                Thread reader = new Thread(() -> lines.lines().forEach(ignored -> { }), "drain");
                reader.setDaemon(true);
                reader.start();
                return serving;
            }
        }
        throw new AssertionError("the node stopped before serving: " + String.join("\n", output));
    }
}
