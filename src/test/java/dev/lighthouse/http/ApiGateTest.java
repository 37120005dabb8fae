package dev.lighthouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.error.Unavailable;
import dev.lighthouse.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests for the part of the API that is built after the port opens are held, never lost or refused early. */
class ApiGateTest {

    private final ApiGate gate = new ApiGate();
    private final HttpClient client = HttpClient.newHttpClient();
    private Server server;
    private URI uri;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(gate);
        server.start();
        uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/versions");
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void aRequestBeforeTheApiIsBuiltIsAnsweredByItOnceItIs() throws Exception {
        CompletableFuture<HttpResponse<String>> early = send();
        Await.until("the request is held", Duration.ofSeconds(10), () -> gate.heldCount() == 1);
        assertTrue(!early.isDone(), "answered before the API was built");

        ApiStandIn built = new ApiStandIn();
        gate.open(built);

        HttpResponse<String> reply = early.get(10, TimeUnit.SECONDS);
        assertEquals(200, reply.statusCode());
        assertEquals("GET /versions", reply.body());
        assertTrue(built.isStarted(), "the API is started with the server it joins");
        assertEquals("GET /versions", send().get(10, TimeUnit.SECONDS).body(), "later requests go straight through");

        server.stop();
        assertTrue(built.isStopped(), "the API is stopped with the server");
    }

    @Test
    void whenTheApiCannotBeBuiltHeldAndLaterRequestsGetTheProblem() throws Exception {
        CompletableFuture<HttpResponse<String>> early = send();
        Await.until("the request is held", Duration.ofSeconds(10), () -> gate.heldCount() == 1);

        gate.fail(new Unavailable("no API", Unavailable.Outcome.NOT_APPLIED));

        for (HttpResponse<String> reply : new HttpResponse[] {early.get(10, TimeUnit.SECONDS),
                send().get(10, TimeUnit.SECONDS)}) {
            assertEquals(503, reply.statusCode());
            assertEquals(ProblemWriter.MEDIA_TYPE, reply.headers().firstValue("Content-Type").orElse(""));
            assertTrue(reply.body().contains("\"outcome\":\"not-applied\""), reply.body());
        }
        assertEquals(0, gate.heldCount());
    }

    private CompletableFuture<HttpResponse<String>> send() {
        return client.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Stands in for the Jersey container: answers with the method and path it was given. */
    private static final class ApiStandIn extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            byte[] body = (request.getMethod() + " " + request.getHttpURI().getPath()).getBytes(StandardCharsets.UTF_8);
            response.setStatus(200);
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }
    }
}
