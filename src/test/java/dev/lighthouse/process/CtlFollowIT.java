package dev.lighthouse.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.config.ServerConfig;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.Ctl;
import dev.lighthouse.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lighthousectl watch and sync: one line / one write and command per change, across a server restart. */
class CtlFollowIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    @TempDir
    Path temp;

    @Test
    void watchPrintsTheValueThenOneLinePerChangeAndAnEmptyLineWhileAbsent() throws Exception {
        try (TestServer server = TestServer.start(temp.resolve("data.d"))) {
            patch(server, "{\"app\":{\"hosts\":[\"a\",\"b\"]},\"other\":1}");
            Ctl ctl = Ctl.of(server.url());
            try (Ctl.Running json = ctl.spawn("watch", "/app/hosts", "--seq");
                 Ctl.Running raw = ctl.spawn("watch", "app/hosts", "--raw")) {
                awaitLines(json, 1);
                awaitLines(raw, 2);
                patch(server, "{\"other\":2}");
                patch(server, "{\"app\":{\"hosts\":[\"c\"]}}");
                patch(server, "{\"app\":{\"hosts\":null}}");
                patch(server, "{\"app\":{\"hosts\":\"d\"}}");
                awaitLines(json, 4);
                assertEquals(List.of("1 [\"a\",\"b\"]", "3 [\"c\"]", "4 ", "5 \"d\""), json.lines(), json.err());
                awaitLines(raw, 5);
                assertEquals(List.of("a", "b", "c", "", "d"), raw.lines(), raw.err());
                assertEquals("", json.err());
            }
        }
    }

    @Test
    void syncWritesAndRunsTheCommandOncePerVersionAcrossAServerRestart() throws Exception {
        Path dataDir = temp.resolve("data.d");
        Path file = temp.resolve("app.conf");
        Path ran = temp.resolve("ran.log");
        TestServer server = TestServer.start(dataDir);
        int port = server.port();
        try {
            long first = patch(server, "{\"app\":{\"conf\":\"[main]\\nx = 1\\n\"},\"other\":1}");
            String exec = "echo \"$LIGHTHOUSE_SEQ $(tr '\\n' '|' < \"$LIGHTHOUSE_FILE\")\" >> '" + ran + "'";
            try (Ctl.Running sync = Ctl.of(server.url()).spawn("sync", "/app/conf", "--output", file.toString(),
                    "--exec", exec)) {
                awaitRuns(ran, 1);
                assertEquals("[main]\nx = 1\n", Files.readString(file), "a string is written as its text");

                patch(server, "{\"other\":2}");
                long second = patch(server, "{\"app\":{\"conf\":{\"x\":2}}}");
                awaitRuns(ran, 2);
                assertEquals("{\n  \"x\": 2\n}\n", Files.readString(file), "anything else as indented JSON");

                server.close();
                server = TestServer.start(onPort(ServerConfig.forDataDir(dataDir), port));
                long third = patch(server, "{\"app\":{\"conf\":\"after restart\"}}");
                awaitRuns(ran, 3);
                assertEquals("after restart", Files.readString(file));

                patch(server, "{\"app\":{\"conf\":null}}");
                Await.until("a note that the path is absent", WAIT, () -> sync.err().contains("is absent"));
                assertEquals("after restart", Files.readString(file), "an absent value leaves the file alone");
                patch(server, "{\"app\":{\"conf\":\"after restart\"}}");
                long last = patch(server, "{\"app\":{\"conf\":\"last\"}}");
                awaitRuns(ran, 4);
                assertEquals("last", Files.readString(file));

                assertEquals(List.of(first + " [main]|x = 1|", second + " {|  \"x\": 2|}|", third + " after restart",
                        last + " last"), Files.readAllLines(ran),
                        "one run per version written: not for the unrelated change, the reconnect,"
                                + " the absent value or the value equal to the file");
                assertTrue(sync.err().contains("reconnect"), sync.err());
                try (var left = Files.list(temp)) {
                    assertEquals(List.of(), left.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList());
                }
            }
        } finally {
            server.close();
        }
    }

    private static ServerConfig onPort(ServerConfig config, int port) {
        return config.withPort(port);
    }

    private static long patch(TestServer server, String mergePatch) throws Exception {
        var reply = Api.send(server, "PATCH", "/data/", "application/merge-patch+json", mergePatch);
        assertEquals(200, reply.statusCode(), Api.text(reply));
        Matcher m = SEQ.matcher(Api.text(reply));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static void awaitLines(Ctl.Running running, int count) {
        Await.until(count + " lines from " + running.lines() + " / " + running.err(), WAIT,
                () -> running.lines().size() >= count);
    }

    private static void awaitRuns(Path log, int count) {
        Await.lines(log, count, WAIT);
    }
}
