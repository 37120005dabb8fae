package dev.lighthouse.process;

import static dev.lighthouse.testing.Ctl.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.Ctl;
import dev.lighthouse.testing.TestServer;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/lighthousectl's changing commands: set, rm, lock/commit/abort, rollback; every one leaves the lock free. */
class CtlUpdateIT {

    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    @TempDir
    Path dataDir;

    private TestServer server;
    private Ctl ctl;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dataDir);
        ctl = Ctl.of(server.url());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void setStoresJsonWhenItParsesAndAStringOtherwiseOneVersionEach() throws Exception {
        assertEquals("1\n", ok(ctl.run("set", "/app/port", "8080")));
        assertEquals("2\n", ok(ctl.run("set", "app/name", "hello world")));
        assertEquals("3\n", ok(ctl.run("set", "/app/flags", "[true,null,1.50]")));
        assertEquals("4\n", ok(ctl.run("set", "/app/quoted", "\"007\"")));
        assertEquals("5\n", ok(ctl.run("set", "/app/notjson", "[1,2")));
        assertEquals("6\n", ok(ctl.run("set", "/app/negative", "-5")));
        assertEquals("{\"port\":8080,\"name\":\"hello world\",\"flags\":[true,null,1.50],\"quoted\":\"007\","
                + "\"notjson\":\"[1,2\",\"negative\":-5}", data("/app"));
        assertEquals("unchanged\n", ok(ctl.run("set", "/app/port", "8080")));
        assertEquals(6, seq());
        assertLockFree();
    }

    @Test
    void setReadsStandardInputKeepingItExactly() throws Exception {
        String ini = "[DEFAULT]\nverbose = true\n";
        assertEquals("1\n", ok(ctl.stdin(ini).run("set", "/nova/conf", "-")));
        assertEquals("\"[DEFAULT]\\nverbose = true\\n\"", data("/nova/conf"));
        assertEquals(ini, ok(ctl.run("get", "--raw", "/nova/conf")));
        assertEquals("2\n", ok(ctl.stdin("{\"a\": [1, 2]}\n").run("set", "/nova/json", "-")));
        assertEquals("{\"a\":[1,2]}", data("/nova/json"));
    }

    @Test
    void setAppendsWithADash() throws Exception {
        ok(ctl.run("set", "/list", "[\"a\"]"));
        ok(ctl.run("set", "/list/-", "b"));
        assertEquals("[\"a\",\"b\"]", data("/list"));
    }

    @Test
    void rmRemovesAndAMissingPathFailsWithoutLeavingTheLockHeld() throws Exception {
        ok(ctl.run("set", "/a", "{\"b\":1,\"c\":2}"));
        assertEquals("2\n", ok(ctl.run("rm", "/a/b")));
        assertEquals("{\"c\":2}", data("/a"));
        Ctl.Result missing = ctl.run("rm", "/a/b");
        assertEquals(1, missing.exitCode(), missing.toString());
        assertEquals(List.of("lighthousectl: 404 Not found: nothing at /a/b"), missing.errLines());
        assertLockFree();
        assertEquals(2, seq());
    }

    @Test
    void aBadValueForThePathFailsAndAbortsTheGeneratedLock() throws Exception {
        ok(ctl.run("set", "/s", "text"));
        Ctl.Result conflict = ctl.run("set", "/s/inner", "1");
        assertEquals(1, conflict.exitCode(), conflict.toString());
        assertTrue(conflict.err().startsWith("lighthousectl: 409 "), conflict.toString());
        assertLockFree();
    }

    @Test
    void lockStageCommitMakesOneVersionVisibleOnlyAtCommit() throws Exception {
        ok(ctl.run("set", "/keep", "1"));
        Ctl.Result lock = ctl.run("lock", "--name", "ops", "--ttl", "1m");
        assertTrue(ok(lock).startsWith("locked ops until "), lock.toString());
        assertEquals("staged\n", ok(ctl.run("set", "--name", "ops", "/x", "1")));
        Ctl ops = ctl.env("LIGHTHOUSE_LOCK", "ops");
        assertEquals("staged\n", ok(ops.run("set", "/y", "two")));
        assertEquals("staged\n", ok(ops.run("rm", "/keep")));
        assertEquals(404, server.http().get("/data/x").statusCode(), "not visible before the commit");
        assertTrue(ok(ctl.run("status")).contains("lock: held by ops"));
        assertEquals("2\n", ok(ops.run("commit")));
        assertEquals("{\"x\":1,\"y\":\"two\"}", data("/"));
        assertTrue(ok(ctl.run("history", "--limit", "1")).lines().toList().get(1).matches("2 +\\S+ +ops +.*"));
        assertLockFree();
    }

    @Test
    void abortDiscardsTheStagedEdits() throws Exception {
        Ctl ops = ctl.env("LIGHTHOUSE_LOCK", "ops");
        ok(ops.run("lock"));
        ok(ops.run("set", "/x", "1"));
        assertEquals("aborted\n", ok(ops.run("abort")));
        assertLockFree();
        assertEquals(0, seq());
        Ctl.Result again = ops.run("commit");
        assertEquals(1, again.exitCode(), again.toString());
        assertTrue(again.err().startsWith("lighthousectl: 412 "), again.toString());
    }

    @Test
    void commitOfNothingIsUnchanged() throws Exception {
        Ctl ops = ctl.env("LIGHTHOUSE_LOCK", "ops");
        ok(ops.run("lock"));
        assertEquals("unchanged\n", ok(ops.run("commit")));
        assertEquals(0, seq());
    }

    @Test
    void aWriterWithoutALockNameWaitsForTheHolderThenFailsLeavingTheHolderAlone() throws Exception {
        Ctl ops = ctl.env("LIGHTHOUSE_LOCK", "ops");
        ok(ops.run("lock"));
        Ctl.Result refused = ctl.run("set", "/x", "1", "--wait", "0s");
        assertEquals(1, refused.exitCode(), refused.toString());
        assertEquals(List.of("lighthousectl: 409 Update lock held by another: the update lock is held by 'ops'"),
                refused.errLines());
        assertTrue(ok(ctl.run("status")).contains("lock: held by ops"), "the holder keeps its lock");
        Ctl.Result wrongName = ctl.run("set", "--name", "other", "/x", "1");
        assertEquals(1, wrongName.exitCode(), wrongName.toString());
        assertTrue(wrongName.err().startsWith("lighthousectl: 409 "), wrongName.toString());
        ok(ops.run("abort"));
    }

    @Test
    void aWriterWaitingForTheLockGoesThroughOnceTheHolderCommits() throws Exception {
        Ctl ops = ctl.env("LIGHTHOUSE_LOCK", "ops");
        ok(ops.run("lock"));
        ok(ops.run("set", "/held", "1"));
        try (Ctl.Running waiter = ctl.spawn("set", "/x", "2", "--wait", "30s")) {
            awaitRefusedLockRequests(1);
            assertEquals("1\n", ok(ops.run("commit")));
            Await.until("the waiting set to commit", Duration.ofSeconds(30), () -> waiter.lines().equals(List.of("2")));
        }
        assertEquals("{\"held\":1,\"x\":2}", data("/"));
        assertLockFree();
    }

    @Test
    void aWriterKilledWhileWaitingForTheLockIsNeverGrantedIt() throws Exception {
        Ctl ops = ctl.env("LIGHTHOUSE_LOCK", "ops");
        ok(ops.run("lock"));
        try (Ctl.Running waiter = ctl.spawn("set", "/x", "1", "--wait", "30s")) {
            awaitRefusedLockRequests(1);
        }
        ok(ops.run("abort"));
        assertLockFree();
        assertEquals(0, seq());
    }

    @Test
    void rollbackMakesOneNewVersionEqualToTheOldOne() throws Exception {
        ok(ctl.run("set", "/a", "1"));
        ok(ctl.run("set", "/b", "{\"c\":[1,2]}"));
        ok(ctl.run("rm", "/a"));
        assertEquals("4\n", ok(ctl.run("rollback", "1")));
        assertEquals("{\"a\":1}", data("/"));
        assertEquals("unchanged\n", ok(ctl.run("rollback", "1")));
        assertEquals(4, seq());
        Ctl.Result emptying = ctl.run("rollback", "0");
        assertEquals(2, emptying.exitCode(), emptying.toString());
        assertEquals(List.of("lighthousectl: version 0 is an empty document: rolling back to it would remove"
                + " everything; add --force to do so (see --help)"), emptying.errLines());
        assertEquals("{\"a\":1}", data("/"), "nothing changed without --force");
        assertEquals("5\n", ok(ctl.run("rollback", "0", "--force")));
        assertEquals("{}", data("/"));
        Ctl.Result gone = ctl.run("rollback", "99");
        assertEquals(1, gone.exitCode(), gone.toString());
        assertTrue(gone.err().startsWith("lighthousectl: 404 "), gone.toString());
        assertLockFree();
    }

    private String data(String path) throws Exception {
        Response reply = server.http().get("/data" + path);
        assertEquals(200, reply.statusCode(), path + ": " + Api.text(reply));
        return Api.text(reply).trim();
    }

    /** Waits until the server has refused the lock to someone (a 409 on PUT /lock) {@code count} times. */
    private void awaitRefusedLockRequests(int count) {
        Pattern refused = Pattern.compile("request_duration_seconds_count\\{method=\"PUT\",route=\"lock\",status=\"4xx\"} (\\d+)");
        Await.until(count + " refused lock requests", Duration.ofSeconds(30), () -> {
            try {
                Matcher m = refused.matcher(Api.text(server.http().get("/metrics")));
                return m.find() && Integer.parseInt(m.group(1)) >= count;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private long seq() throws Exception {
        Matcher m = SEQ.matcher(Api.text(server.http().get("/version")));
        assertTrue(m.find());
        return Long.parseLong(m.group(1));
    }

    private void assertLockFree() throws Exception {
        assertEquals("{\"locked\":false}", Api.text(server.http().get("/lock")).trim());
    }
}
