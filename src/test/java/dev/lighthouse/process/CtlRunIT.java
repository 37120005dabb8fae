package dev.lighthouse.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.Ctl;
import dev.lighthouse.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lighthousectl run} and {@code members GROUP} as the seeds' scripts use them: a holder
 * killed hands over to the next member within ttl + 1 s; SIGTERM runs STOP and leaves; the
 * one-command form exits with the command's code; usage errors exit 2.
 */
class CtlRunIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TTL = "2s";

    @TempDir
    Path temp;

    private TestServer server;
    private Ctl ctl;
    private Path events;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(temp.resolve("data.d"));
        ctl = Ctl.of(server.url());
        events = temp.resolve("events");
        Files.writeString(events, "");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private Ctl.Running run(String name) throws Exception {
        return ctl.spawn("run", "db", "--count", "1", "--ttl", TTL, "--name", name,
                "--start", "echo \"start $LIGHTHOUSE_MEMBER $LIGHTHOUSE_RANK $LIGHTHOUSE_TOKEN\" >> " + events,
                "--stop", "echo \"stop $LIGHTHOUSE_MEMBER\" >> " + events);
    }

    private List<String> events() {
        try {
            return Files.readAllLines(events);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A command's standard output, for conditions awaited. */
    private String out(String... args) {
        try {
            return ctl.run(args).out();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Awaits the condition; on time-out the failure says what happened and what the runs said. */
    private void await(String what, java.util.function.BooleanSupplier condition, Ctl.Running... runs) {
        try {
            Await.until(what, WAIT, condition);
        } catch (AssertionError e) {
            StringBuilder told = new StringBuilder(e.getMessage()).append("; events ").append(events());
            for (Ctl.Running run : runs) {
                told.append("; stderr [").append(run.err()).append(']');
            }
            throw new AssertionError(told.toString(), e);
        }
    }

    private boolean happened(String prefix) {
        return events().stream().anyMatch(line -> line.startsWith(prefix));
    }

    private static long token(List<String> events, String prefix) {
        String line = events.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
        return Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
    }

    @Test
    void aKilledHolderHandsOverWithinItsTtlAndSigtermRunsStopAndLeaves() throws Exception {
        try (Ctl.Running a = run("a")) {
            await("a to start as the holder", () -> happened("start a 1 "), a);
            try (Ctl.Running b = run("b")) {
                handOver(a, b);
            }
        }
    }

    /** b joined behind the holder a. */
    private void handOver(Ctl.Running a, Ctl.Running b) throws Exception {
        await("b to join behind a", () -> out("members", "db").equals("a\nb\n"), a, b);
        assertEquals("a\n*\n", ctl.run("members", "db", "--me", "b").out());
        assertEquals("*\n", ctl.env("LIGHTHOUSE_MEMBER", "a").run("members", "db", "--limit", "1").out());
        assertTrue(!happened("start b"), "b holds nothing while a does: " + events());

        a.kill();
        long killed = System.nanoTime();
        await("b to start once a's session lapses", () -> happened("start b 1 "), b);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        assertTrue(took <= 3000, "b started " + took + " ms after a was killed (ttl " + TTL + ")");
        assertTrue(token(events(), "start b") > token(events(), "start a"), "a later holder has a larger token");
        assertTrue(!happened("stop a"), "a was killed: it ran no STOP");

        b.close(); // SIGTERM
        Await.until("b to run STOP", WAIT, () -> happened("stop b"));
        Await.until("b to leave the group", WAIT, () -> Api.json(server.http().get("/groups/db"))
                .get("members").isEmpty());
    }

    /**
     * A server that stops answering (SIGSTOP) while the member holds: STOP must come by the
     * member's own clock, 3/4 ttl after its last confirmed renewal, even though its long poll to
     * that server hangs; waiting for the poll to time out let it act seconds past the point where
     * another leader could have expired its session.
     */
    @Test
    void aServerThatStopsAnsweringEndsTheHoldByTheClientsOwnClock() throws Exception {
        dev.lighthouse.testing.ServerProcess paused = dev.lighthouse.testing.ServerProcess.start(
                "--data.d=" + temp.resolve("paused.d"), "--port=0", "--cluster-port=0");
        Ctl direct = Ctl.of(paused.url());
        try (Ctl.Running holder = direct.spawn("run", "db", "--count", "1", "--ttl", "4s", "--name", "p",
                "--start", "echo start >> " + events, "--stop", "echo stop >> " + events)) {
            Await.until("the holder to start", WAIT, () -> happened("start"));
            paused.pause();
            long stopped = System.nanoTime();
            Await.until("STOP by the holder's own clock", WAIT, () -> happened("stop"));
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
            assertTrue(took <= 3500, "STOP came " + took + " ms after the server stopped answering (ttl 4s)");
            paused.resume(); // before the holder's SIGTERM, whose leave would wait for the paused server
        } finally {
            paused.resume();
            paused.close();
        }
    }

    @Test
    void theOneCommandFormExitsWithTheCommandsCodeAndLeaves() throws Exception {
        Ctl.Running one = ctl.spawn("run", "batch", "--ttl", TTL, "--name", "only", "--",
                "sh", "-c", "echo \"$LIGHTHOUSE_GROUP $LIGHTHOUSE_MEMBER $LIGHTHOUSE_RANK\"; exit 3");
        assertEquals(3, one.waitFor(WAIT), one.err());
        assertEquals(List.of("batch only 1"), one.lines());
        Await.until("the member to leave", WAIT, () -> Api.json(server.http().get("/groups/batch"))
                .get("members").isEmpty());
    }

    @Test
    void badCommandLinesAreUsageErrors() throws Exception {
        for (List<String> args : List.of(List.of("run", "g"), List.of("run", "g", "--start", "x"),
                List.of("run", "g", "--count", "-1", "--", "true"), List.of("run", "g", "--value", "nope", "--", "true"),
                List.of("run", "g", "--ttl", "soon", "--", "true"), List.of("members"))) {
            Ctl.Result result = ctl.run(args.toArray(String[]::new));
            assertEquals(2, result.exitCode(), args + ": " + result);
            assertEquals(1, result.errLines().size(), args + ": " + result);
        }
    }
}
