package dev.lighthouse.process;

import static dev.lighthouse.testing.Ctl.assertUsage;
import static dev.lighthouse.testing.Ctl.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Ctl;
import dev.lighthouse.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/lighthousectl's reading commands (get, history, diff, status, members) against a real server. */
class CtlReadIT {

    private static final String DOCUMENT = """
            {"file":"/var/log/app.log","size":1024,"ratio":2.50,"big":1e400,
             "hosts":["10.0.0.1","10.0.0.2",7,{"x":null}],
             "a b":{"c/d":"spaced","ünï":"cöde"},
             "multi":"line one\\nline two\\n","empty":[]}""";

    @TempDir
    static Path dataDir;

    private static TestServer server;
    private static Ctl ctl;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir);
        assertEquals(200, Api.send(server, "PATCH", "/data/", "application/merge-patch+json", DOCUMENT)
                .statusCode());
        assertEquals(200, Api.send(server, "PATCH", "/data/", "application/merge-patch+json", "{\"size\":2048}")
                .statusCode());
        ctl = Ctl.of(server.url());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void getPrintsCompactJsonWithOrWithoutALeadingSlash() throws Exception {
        assertEquals("\"/var/log/app.log\"\n", ok(ctl.run("get", "/file")));
        assertEquals("\"/var/log/app.log\"\n", ok(ctl.run("get", "file")));
        assertEquals("[\"10.0.0.1\",\"10.0.0.2\",7,{\"x\":null}]\n", ok(ctl.run("get", "hosts")));
        assertEquals("\"10.0.0.2\"\n", ok(ctl.run("get", "/hosts/1")));
        assertTrue(ok(ctl.run("get", "/")).startsWith("{\"file\":\"/var/log/app.log\",\"size\":2048,"));
    }

    @Test
    void numbersPassThroughExactlyAsStored() throws Exception {
        assertEquals("2.50\n", ok(ctl.run("get", "ratio")));
        assertEquals("1e400\n", ok(ctl.run("get", "--raw", "big")));
    }

    @Test
    void rawPrintsStringsUnquotedArraysOneItemALineAndObjectsAsJson() throws Exception {
        assertEquals("/var/log/app.log\n", ok(ctl.run("get", "--raw", "/file")));
        assertEquals("10.0.0.1\n10.0.0.2\n7\n{\"x\":null}\n", ok(ctl.run("get", "--raw", "/hosts")));
        assertEquals("{\"x\":null}\n", ok(ctl.run("get", "--raw", "/hosts/3")));
        assertEquals("2048\n", ok(ctl.run("get", "--raw", "/size")));
        assertEquals("", ok(ctl.run("get", "--raw", "/empty")));
        assertEquals("line one\nline two\n", ok(ctl.run("get", "--raw", "/multi")), "no second newline");
    }

    @Test
    void prettyIndents() throws Exception {
        assertEquals("{\n  \"x\": null\n}\n", ok(ctl.run("get", "--pretty", "/hosts/3")));
    }

    @Test
    void segmentsAreEncodedAndUserEscapesPassThrough() throws Exception {
        assertEquals("spaced\n", ok(ctl.run("get", "--raw", "a b/c%2Fd")));
        assertEquals("cöde\n", ok(ctl.run("get", "--raw", "/a b/ünï")));
    }

    @Test
    void aMissingPathIsExitCodeOneWithTheProblemOnOneLine() throws Exception {
        Ctl.Result missing = ctl.run("get", "/hosts/9");
        assertEquals(1, missing.exitCode(), missing.toString());
        assertEquals("", missing.out());
        assertEquals(List.of("lighthousectl: 404 Not found: nothing at /hosts/9"), missing.errLines());
        Ctl.Result badIndex = ctl.run("get", "/hosts/x");
        assertEquals(1, badIndex.exitCode(), badIndex.toString());
        assertEquals(1, badIndex.errLines().size(), badIndex.toString());
        assertTrue(badIndex.err().startsWith("lighthousectl: 400 "), badIndex.toString());
    }

    @Test
    void anUnreachableServerIsExitCodeOne() throws Exception {
        Ctl.Result down = Ctl.of("http://127.0.0.1:1").run("get", "/file");
        assertEquals(1, down.exitCode(), down.toString());
        assertEquals(1, down.errLines().size(), down.toString());
        assertTrue(down.err().startsWith("lighthousectl: cannot reach http://127.0.0.1:1"), down.toString());
    }

    @Test
    void theNextServerIsTriedWhenTheFirstRefusesConnections() throws Exception {
        Ctl.Result result = ctl.run("--server", "http://127.0.0.1:1," + server.url(), "get", "/size");
        assertEquals("2048\n", ok(result));
    }

    @Test
    void historyIsATableNewestFirst() throws Exception {
        List<String> lines = ok(ctl.run("history")).lines().toList();
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("SEQ +TIMESTAMP +LOCK +CHANGED"), lines.get(0));
        assertTrue(lines.get(1).matches("2 +\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z +patch +/size"), lines.get(1));
        assertTrue(lines.get(3).matches("0 +1970-01-01T00:00:00Z +- +-"), lines.get(3));
        List<String> limited = ok(ctl.run("history", "--limit", "1")).lines().toList();
        assertEquals(2, limited.size(), limited.toString());
    }

    @Test
    void diffPrintsThePatchOneOperationALine() throws Exception {
        assertEquals("[\n  {\"op\":\"replace\",\"path\":\"/size\",\"value\":2048}\n]\n", ok(ctl.run("diff", "1")));
        assertEquals("[\n  {\"op\":\"replace\",\"path\":\"/size\",\"value\":1024}\n]\n", ok(ctl.run("diff", "2", "1")));
        assertEquals("[]\n", ok(ctl.run("diff", "2", "2")));
        Ctl.Result gone = ctl.run("diff", "1", "99");
        assertEquals(1, gone.exitCode(), gone.toString());
        assertTrue(gone.err().startsWith("lighthousectl: 404 "), gone.toString());
    }

    @Test
    void statusAndMembersShowTheCluster() throws Exception {
        List<String> status = ok(ctl.run("status")).lines().toList();
        assertTrue(status.get(0).matches("NAME +HTTP +STATE +SEQ +LEADER"), status.toString());
        assertTrue(status.get(1).matches("lighthouse-1 +" + server.url() + " +active +2 +\\*"), status.toString());
        assertEquals("lock: free", status.get(status.size() - 1));
        assertEquals(server.url() + "\n", ok(ctl.run("cluster", "members")));
    }

    @Test
    void everyCommandHasHelp() throws Exception {
        for (String command : List.of("get", "set", "rm", "edit", "lock", "commit", "abort", "watch", "sync",
                "history", "diff", "rollback", "status", "members", "run", "cluster")) {
            Ctl.Result help = ctl.run(command, "--help");
            assertEquals(0, help.exitCode(), command + ": " + help);
            assertTrue(help.out().startsWith("Usage: lighthousectl " + command), command + ": " + help);
        }
        Ctl.Result top = ctl.run("--help");
        assertEquals(0, top.exitCode(), top.toString());
        assertTrue(top.out().contains("rollback"), top.toString());
    }

    @Test
    void misuseIsOneLineAndExitCodeTwo() throws Exception {
        for (String[] args : new String[][] {{}, {"--bogus"}, {"get"}, {"get", "/a", "--bogus"}, {"frobnicate"},
                {"get", "/a", "extra"}, {"get", "--raw", "--pretty", "/a"}, {"--server", "ftp://x", "get", "/a"},
                {"lock"}, {"commit"}, {"abort"}, {"lock", "--name", "n", "--ttl", "5x"}, {"set", "/a", "1", "--wait", "soon"},
                {"diff"}, {"diff", "one"}, {"diff", "-1"}, {"rollback"}, {"history", "--limit", "0"},
                {"sync", "/a"}, {"--ca", "/nonexistent.pem", "get", "/a"}}) {
            assertUsage(ctl.run(args), args);
        }
    }
}
