package dev.lighthouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.Ports;
import dev.lighthouse.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What both request engines (HttpClient, and HttpURLConnection for short-lived clients) must do
 * alike when a member misbehaves. Most members here are stand-ins on loopback that read each
 * request and then hang up, say nothing, refuse or answer: failures a real server cannot be
 * made to show on cue.
 */
class ClientEnginesTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private static LighthouseClient.Builder builder(boolean shortLived) {
        LighthouseClient.Builder builder = LighthouseClient.builder().connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(10));
        return shortLived ? builder.shortLived() : builder;
    }

    private static LighthouseClient client(boolean shortLived, StandIn... members) {
        LighthouseClient.Builder builder = builder(shortLived);
        for (StandIn member : members) {
            builder.members(member.url());
        }
        return builder.build();
    }

    @ParameterizedTest(name = "short-lived: {0}")
    @ValueSource(booleans = {false, true})
    void aWriteWhoseConnectionIsLostIsSentOnceAndMayHaveBeenApplied(boolean shortLived) throws Exception {
        try (StandIn hangsUp = new StandIn(StandIn.Act.HANG_UP); StandIn answers = new StandIn(StandIn.Act.ANSWER);
             LighthouseClient client = client(shortLived, hangsUp, answers)) {
            byte[] take = "{\"name\":\"a\",\"locked\":true}".getBytes(StandardCharsets.UTF_8);
            UnavailableException lost = assertThrows(UnavailableException.class, () -> client.call("PUT", "/lock", take));
            assertEquals(LighthouseException.Outcome.UNKNOWN, lost.outcome(), lost.getMessage());
            assertTrue(lost.getMessage().startsWith("PUT " + hangsUp.url() + "/lock failed"), lost.getMessage());
            assertEquals(List.of("PUT /lock {\"name\":\"a\",\"locked\":true}"), hangsUp.requests());
            assertEquals(List.of(), answers.requests(), "never sent to another member either");
        }
    }

    @ParameterizedTest(name = "short-lived: {0}")
    @ValueSource(booleans = {false, true})
    void aReadWhoseConnectionIsLostMovesOnToTheNextMember(boolean shortLived) throws Exception {
        try (StandIn hangsUp = new StandIn(StandIn.Act.HANG_UP); StandIn answers = new StandIn(StandIn.Act.ANSWER);
             LighthouseClient client = client(shortLived, hangsUp, answers)) {
            Versioned<byte[]> read = client.getJson("/app");
            assertEquals("{\"answered\":true}", new String(read.value(), StandardCharsets.UTF_8));
            assertEquals(7, read.seq());
            // HttpURLConnection tries a GET a second time on the same member by itself; harmless for a read
            assertTrue(List.of(1, 2).contains(hangsUp.requests().size()), hangsUp.requests().toString());
            assertEquals(List.of("GET /data/app "), answers.requests());
        }
    }

    @ParameterizedTest(name = "short-lived: {0}")
    @ValueSource(booleans = {false, true})
    void noAnswerWithinTheTimeoutIsATimeoutWhoseWriteMayHaveBeenApplied(boolean shortLived) throws Exception {
        try (StandIn silent = new StandIn(StandIn.Act.SAY_NOTHING);
             LighthouseClient client = client(shortLived, silent)) {
            long start = System.nanoTime();
            UnavailableException late = assertThrows(UnavailableException.class,
                    () -> client.call("DELETE", "/lock?name=a", null, TIMEOUT));
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("timeout", late.type(), late.getMessage());
            assertEquals(LighthouseException.Outcome.UNKNOWN, late.outcome());
            assertTrue(late.getMessage().endsWith("got no answer within 500 ms"), late.getMessage());
            assertTrue(tookMillis >= TIMEOUT.toMillis() && tookMillis < 5_000, tookMillis + " ms");
            // on a loaded machine HttpClient may still be sending when the time is up: never twice, though
            assertTrue(List.of(List.of(), List.of("DELETE /lock?name=a ")).contains(silent.requests()),
                    silent.requests().toString());
        }
    }

    @ParameterizedTest(name = "short-lived: {0}")
    @ValueSource(booleans = {false, true})
    void aRefusalCarriesTheProblemAndTheHeadersAreReadWhateverTheirCase(boolean shortLived) throws Exception {
        try (StandIn refuses = new StandIn(StandIn.Act.REFUSE); StandIn answers = new StandIn(StandIn.Act.ANSWER);
             LighthouseClient client = client(shortLived, refuses)) {
            ConflictException held = assertThrows(ConflictException.class,
                    () -> client.call("PUT", "/lock", "{}".getBytes(StandardCharsets.UTF_8)));
            assertEquals("409 Lock held: held by 'ops' (outcome: not-applied)", held.getMessage());
            assertEquals(LighthouseException.Outcome.NOT_APPLIED, held.outcome());
            try (LighthouseClient other = client(shortLived, answers)) {
                Reply reply = other.call("GET", "/version", null);
                assertEquals("\"v7\"", reply.header("etag"));
                assertEquals("\"v7\"", reply.headers().get("ETAG").get(0));
            }
        }
    }

    @ParameterizedTest(name = "short-lived: {0}")
    @ValueSource(booleans = {false, true})
    void aWriteAfterTheMemberRestartedGoesThroughOnAFreshConnection(boolean shortLived, @TempDir Path dir)
            throws Exception {
        try (TestServer server = TestServer.start(dir, config -> config.withPort(Ports.free()));
             LighthouseClient client = builder(shortLived).members(server.url()).build()) {
            client.version(); // leaves a connection the restart closes
            server.restart();
            assertEquals("ops", client.lock("ops", Duration.ofSeconds(30), Duration.ZERO).name());
        }
    }

    /** A member on a loopback port that reads each request whole, then acts as told. */
    private static final class StandIn implements AutoCloseable {

        enum Act { HANG_UP, SAY_NOTHING, REFUSE, ANSWER }

        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Act act;
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        StandIn(Act act) throws IOException {
            this.act = act;
            Thread accepting = new Thread(this::accept, "stand-in " + act);
            accepting.setDaemon(true);
            accepting.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        /** Each request as "METHOD target body". */
        List<String> requests() {
            return List.copyOf(requests);
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    connection.setSoTimeout(10_000);
                    held.add(connection);
                    Thread serving = new Thread(() -> serve(connection), "stand-in connection");
                    serving.setDaemon(true);
                    serving.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        /** Serves the connection's requests one after another until it is closed or hung up on. */
        private void serve(Socket connection) {
            try {
                serveRequests(connection);
            } catch (IOException clientWentAway) {
                // the client hung up or the stand-in was closed
            }
        }

        private void serveRequests(Socket connection) throws IOException {
            InputStream in = connection.getInputStream();
            for (int served = 0; served < 100; served++) {
                String head = head(in);
                if (head.isEmpty()) {
                    connection.close();
                    return;
                }
                String body = new String(in.readNBytes(contentLength(head)), StandardCharsets.UTF_8);
                String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
                requests.add(requestLine[0] + " " + requestLine[1] + " " + body);
                switch (act) {
                    case HANG_UP -> {
                        connection.close();
                        return;
                    }
                    case SAY_NOTHING -> {
                        return; // held open until the stand-in is closed
                    }
                    case REFUSE -> reply(connection, "409 Conflict", "application/problem+json",
                            "{\"type\":\"/problems/lock-held\",\"title\":\"Lock held\",\"status\":409,"
                                    + "\"detail\":\"held by 'ops'\",\"outcome\":\"not-applied\",\"holder\":\"ops\"}");
                    case ANSWER -> reply(connection, "200 OK", "application/json", "{\"answered\":true}");
                }
            }
            connection.close();
        }

        private static void reply(Socket connection, String status, String type, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 " + status + "\r\nContent-Type: " + type + "\r\nX-Lighthouse-Seq: 7\r\n"
                    + "ETag: \"v7\"\r\nContent-Length: " + bytes.length + "\r\n\r\n";
            connection.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            connection.getOutputStream().write(bytes);
            connection.getOutputStream().flush();
        }

        /** The request line and headers, or "" at the end of the stream. */
        private static String head(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            for (int b = in.read(), limit = 0; b >= 0 && limit < 65_536; b = in.read(), limit++) {
                head.write(b);
                if (head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                    return head.toString(StandardCharsets.US_ASCII);
                }
            }
            return "";
        }

        private static int contentLength(String head) {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    return Integer.parseInt(line.substring("content-length:".length()).strip());
                }
            }
            return 0;
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket connection : held) {
                connection.close();
            }
        }
    }
}
