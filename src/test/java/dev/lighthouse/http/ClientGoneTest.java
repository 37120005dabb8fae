package dev.lighthouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.LogCapture;
import dev.lighthouse.testing.TestServer;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.jetty.io.EofException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client that leaves before its reply is written is routine: no error in the log, no internal error. */
class ClientGoneTest {

    private static final Duration SOON = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    private static List<String> severe(LogCapture log) {
        return log.lines().stream().filter(line -> line.startsWith("SEVERE") || line.startsWith("WARNING")).toList();
    }

    private static void awaitWatchers(TestServer server, int n) {
        Await.until(n + " watchers", SOON, () -> Api.text(Api.send(server, "GET", "/metrics", null, null))
                .contains("lighthouse_watchers " + n + ".0"));
    }

    /**
     * A long poll whose client left before the commit that answers it, and long polls still open
     * when the node stops: each reply fails with its connection, and nobody is there to answer.
     */
    @Test
    void longPollsCutOffByTheirClientOrAStopLogNoError() throws Exception {
        try (LogCapture ours = LogCapture.of("dev.lighthouse"); LogCapture jersey = LogCapture.of("org.glassfish")) {
            TestServer server = TestServer.start(dataDir);
            try {
                long seq = Api.version(server).seq();
                Socket left = poll(server, seq);
                awaitWatchers(server, 1);
                left.close();
                Api.patchOk(server, "", Api.MERGE, "{\"woken\":true}");
                awaitWatchers(server, 0);
                Socket cut = poll(server, seq + 1);
                Socket alsoCut = poll(server, seq + 1);
                awaitWatchers(server, 2);
                server.close();
                cut.close();
                alsoCut.close();
            } catch (Exception | AssertionError e) {
                server.close();
                throw e;
            }
            assertEquals(List.of(), severe(ours));
            assertEquals(List.of(), severe(jersey));
        }
    }

    /** Jersey reports a client gone during its reply as SEVERE; only that report is kept out of the log. */
    @Test
    void jerseysReportOfAClientGoneIsQuietItsOtherErrorsAreNot() {
        ClientGone.quietJersey();
        Logger responder = Logger.getLogger("org.glassfish.jersey.server.ServerRuntime$Responder");
        try (LogCapture jersey = LogCapture.of("org.glassfish.jersey.server")) {
            LogRecord gone = new LogRecord(Level.SEVERE, "Error while closing the output stream in order to commit response.");
            gone.setThrown(new UncheckedIOException(new EofException()));
            gone.setLoggerName(responder.getName());
            responder.log(gone);
            LogRecord bug = new LogRecord(Level.SEVERE, "An exception mapping did not successfully produce and processed a response.");
            bug.setLoggerName(responder.getName());
            responder.log(bug);
            assertEquals(List.of("SEVERE org.glassfish.jersey.server.ServerRuntime$Responder - An exception mapping did"
                    + " not successfully produce and processed a response."), jersey.lines());
        }
    }

    private static Socket poll(TestServer server, long seq) throws Exception {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        OutputStream out = socket.getOutputStream();
        out.write(("GET /data/?wait=" + seq + "&timeout=1m HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }
}
