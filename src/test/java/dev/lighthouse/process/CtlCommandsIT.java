package dev.lighthouse.process;

import static dev.lighthouse.testing.Ctl.assertUsage;
import static dev.lighthouse.testing.Ctl.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lighthouse.config.ConfigFile;
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
 * The commands and flags added when lighthousectl moved onto lighthouse-client: ls, --json,
 * set --if-match, the note while waiting for the lock, --server without a scheme, token hash,
 * key derive (checked against a server with access control) and the completion script.
 */
class CtlCommandsIT {

    @TempDir
    Path dir;

    private TestServer server;
    private Ctl ctl;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir.resolve("data.d"));
        assertEquals(200, Api.send(server, "PATCH", "/data/", Api.MERGE,
                "{\"app\":{\"web\":{\"port\":80},\"a b\":1,\"db\":[1,2]},\"ratio\":2.50}").statusCode());
        ctl = Ctl.of(server.url());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void lsPrintsAnObjectsKeysOneALineInOrder() throws Exception {
        assertEquals("app\nratio\n", ok(ctl.run("ls")));
        assertEquals("web\na b\ndb\n", ok(ctl.run("ls", "app")));
        Ctl.Result array = ctl.run("ls", "/app/db");
        assertEquals(1, array.exitCode(), array.toString());
        assertEquals(List.of("lighthousectl: /app/db is an array, not an object: ls lists an object's keys"
                + " (get prints any value)"), array.errLines());
        Ctl.Result missing = ctl.run("ls", "/nope");
        assertEquals(List.of("lighthousectl: 404 Not found: nothing at /nope"), missing.errLines());
    }

    @Test
    void jsonOnTheTablesIsTheServersJsonIndented() throws Exception {
        JsonNode history = Api.json(ok(ctl.run("history", "--json", "--limit", "1")));
        assertEquals(1, history.size());
        assertEquals(1, history.get(0).get("seq").asInt());
        assertTrue(history.get(0).get("checksum").asText().startsWith("sha256:"), history.toString());
        JsonNode status = Api.json(ok(ctl.run("status", "--json")));
        assertEquals("lighthouse-1", status.at("/cluster/leader").asText(), status.toString());
        assertFalse(status.at("/lock/locked").asBoolean(), status.toString());
        assertTrue(ok(ctl.run("status", "--json")).startsWith("{\n  \"cluster\": {"), "indented");
    }

    @Test
    void setIfMatchChangesOnlyAtThatVersion() throws Exception {
        Ctl.Result stale = ctl.run("set", "/app/web/port", "81", "--if-match", "0");
        assertEquals(1, stale.exitCode(), stale.toString());
        assertEquals(List.of("lighthousectl: 412 Precondition failed: the document is at version 1, not 0;"
                + " nothing changed"), stale.errLines());
        assertEquals("80", Api.data(server, "app/web/port").trim());
        assertEquals("{\"locked\":false}", Api.text(server.http().get("/lock")).trim());
        assertEquals("2\n", ok(ctl.run("set", "/app/web/port", "81", "--if-match", "1")));
        for (String[] bad : new String[][] {{"set", "/x", "1", "--if-match", "-1"}, {"set", "/x", "1", "--if-match", "v1"},
                {"set", "/x", "1", "--if-match", "2", "--name", "ops"}}) {
            assertUsage(ctl.run(bad), bad);
        }
    }

    @Test
    void aWriterWaitingForTheLockSaysWhoHoldsIt() throws Exception {
        Ctl ops = ctl.env("LIGHTHOUSE_LOCK", "ops");
        ok(ops.run("lock"));
        try (Ctl.Running waiter = ctl.spawn("set", "/x", "2", "--wait", "30s")) {
            Await.until("the waiting note", Duration.ofSeconds(30), () -> waiter.err().contains("waiting"));
            assertTrue(waiter.err().matches("lighthousectl: waiting for the lock held by ops since "
                    + "\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z \\(up to 30s\\)\\.\\.\\.\n"), waiter.err());
            assertEquals("unchanged\n", ok(ops.run("commit")));
            Await.until("the waiting set to commit", Duration.ofSeconds(30), () -> waiter.lines().equals(List.of("2")));
        }
    }

    @Test
    void aServerWithoutASchemeIsHttpAndABadOneIsAUsageErrorWithoutJavaText() throws Exception {
        String hostPort = server.url().substring("http://".length());
        assertEquals("2.50\n", ok(ctl.run("--server", hostPort, "get", "ratio")));
        for (String bad : List.of("http://exa mple:80", "ftp://x", "127.0.0.1:80/x?y", ":::")) {
            Ctl.Result run = ctl.run("--server", bad, "get", "/ratio");
            assertUsage(run, "--server", bad);
            assertTrue(run.err().contains("give one such as http://127.0.0.1:8001"), run.toString());
            assertFalse(run.err().contains("Exception") || run.err().contains("Illegal character"), run.toString());
        }
    }

    @Test
    void aStagedEditWithoutALockSaysSoOnce() throws Exception {
        Ctl.Result run = ctl.run("set", "/x", "1", "--name", "nobody");
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(List.of("lighthousectl: 412 No update lock held: lock 'nobody' was never taken, or was"
                + " committed, aborted or has lapsed"), run.errLines());
    }

    @Test
    void tooDeepAValueIsRefusedInWordsNotJavaNames() throws Exception {
        Ctl.Result run = ctl.run("set", "/deep", "[".repeat(1001) + "]".repeat(1001));
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("lighthousectl: 400 Invalid input: invalid JSON: Document nesting depth"
                + " (1001) exceeds the maximum allowed (1000)"), run.toString());
        assertFalse(run.err().contains("StreamReadConstraints"), run.toString());
    }

    @Test
    void tokenHashAndDerivedKeysAreWhatAServerWithAccessControlAccepts() throws Exception {
        String hash = ok(ctl.stdin("deploy-token-42\n").run("token", "hash")).strip();
        assertEquals(128, hash.length(), hash);
        assertEquals(hash + "\n", ok(ctl.stdin("deploy-token-42").run("token", "hash")), "the newline is dropped");
        Path secretFile = dir.resolve("secret");
        Files.writeString(secretFile, "s3cr3t\n");
        String key = ok(ctl.run("key", "derive", "app/", "--secret-file", secretFile.toString())).strip();
        assertTrue(key.startsWith("/app:"), key);
        assertEquals(key + "\n", ok(ctl.stdin("s3cr3t").run("key", "derive", "/app")), "the same subtree, the same key");
        assertFalse(key.contains("s3cr3t"));

        Path conf = dir.resolve("lighthouse.json");
        Files.writeString(conf, "{\"access\":{\"secrets\":[\"s3cr3t\"],\"tokens\":[{\"name\":\"deployer\",\"sha512\":\""
                + hash + "\",\"grants\":[{\"path\":\"/app\",\"read\":true,\"write\":true}]}]}}");
        try (TestServer guarded = TestServer.start(dir.resolve("guarded.d"),
                cfg -> cfg.withAccess(ConfigFile.read(conf).access(), conf))) {
            Ctl deployer = Ctl.of(guarded.url()).env("LIGHTHOUSE_TOKEN", "deploy-token-42");
            assertEquals("1\n", ok(deployer.run("set", "/app/x", "1")));
            Ctl keyed = Ctl.of(guarded.url()).env("LIGHTHOUSE_TOKEN", key);
            assertEquals("2\n", ok(keyed.run("set", "/app/y", "2")));
            Ctl.Result outside = keyed.run("set", "/other", "3");
            assertEquals(1, outside.exitCode(), outside.toString());
            assertTrue(outside.err().startsWith("lighthousectl: 403 "), outside.toString());
        }
        assertUsage(ctl.stdin("").run("token", "hash"), "token", "hash");
        assertUsage(ctl.stdin("two\nlines\n").run("token", "hash"), "token", "hash");
        assertUsage(ctl.run("key", "derive", "/app", "--secret-file", dir.resolve("none").toString()), "key", "derive");
        assertUsage(ctl.run("key", "derive"), "key", "derive");
    }

    @Test
    void completionScriptsComeFromTheCommandDefinitions() throws Exception {
        for (String shell : List.of("bash", "zsh")) {
            String script = ok(ctl.run("completion", shell));
            assertTrue(script.contains("complete -F _complete_lighthousectl"), shell);
            for (String word : List.of("ls", "rollback", "--if-match", "--force", "--secret-file", "--json")) {
                assertTrue(script.contains(word), shell + " script lacks " + word);
            }
        }
        Path script = dir.resolve("completion.bash");
        Files.writeString(script, ok(ctl.run("completion", "bash")));
        Process bash = new ProcessBuilder("bash", "-c", "compopt() { :; }; source '" + script + "' && COMP_WORDS=(lighthousectl rol)"
                + " && COMP_CWORD=1 && COMP_LINE='lighthousectl rol' && COMP_POINT=17 && _complete_lighthousectl"
                + " && echo \"${COMPREPLY[@]}\"").redirectErrorStream(true).start();
        String completed = new String(bash.getInputStream().readAllBytes()).strip();
        assertEquals(0, bash.waitFor(), completed);
        assertEquals("rollback", completed);
        assertUsage(ctl.run("completion", "fish"), "completion", "fish");
    }
}
