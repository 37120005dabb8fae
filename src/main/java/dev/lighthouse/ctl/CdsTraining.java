package dev.lighthouse.ctl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The training run {@code bin/lighthousectl} records its class-data-sharing archive from:
 * the commands scripts run most ({@code get} in each output form, a refusal, {@code set},
 * {@code --help}), against a canned server on a loopback port of its own, so the archive holds
 * what a real start loads. It touches no real server and prints nothing.
 */
public final class CdsTraining {

    private static final String VALUE = "[\"a\",1,2.5,{\"b\":null,\"c\":true}]";
    /** The reply to taking the lock and to committing, in one: each reader takes its own fields. */
    private static final String LOCK = "{\"locked\":true,\"name\":\"lighthousectl-cds\",\"since\":\"2020-01-01T00:00:00Z\","
            + "\"expires\":\"2020-01-01T00:01:00Z\",\"base\":1,\"staged\":0,\"committed\":{\"seq\":2,"
            + "\"checksum\":\"sha256:00\",\"timestamp\":\"2020-01-01T00:00:00Z\",\"changed\":[\"/value\"]}}";
    private static final String PROBLEM = "{\"type\":\"/problems/not-found\",\"title\":\"Not found\",\"status\":404,"
            + "\"detail\":\"nothing at /missing\",\"path\":\"/missing\"}";

    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> answer(server), "canned-server");
            answering.setDaemon(true);
            answering.start();
            String url = "http://127.0.0.1:" + server.getLocalPort();
            Output quiet = new Output(OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
            String[][] runs = {
                {"--server", url, "get", "--raw", "/value"},
                {"--server", url, "get", "/value"},
                {"--server", url, "get", "--pretty", "value"},
                {"--server", url, "get", "/missing"},
                {"--server", url, "set", "/value", "{\"b\":[1,2.5]}"},
                {"get", "--help"},
                {"--help"},
                {"get"},
            };
            for (String[] run : runs) {
                LighthouseCtl.run(run, quiet);
            }
        }
    }

    /**
     * Answers each request on its own connection, its body read first: a problem for
     * /data/missing, the lock (and commit) state for PUT /lock, the value otherwise.
     */
    private static void answer(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                StringBuilder head = new StringBuilder();
                int b;
                while (head.indexOf("\r\n\r\n") < 0 && (b = in.read()) >= 0) {
                    head.append((char) b);
                }
                in.readNBytes(contentLength(head.toString()));
                boolean missing = head.toString().startsWith("GET /data/missing ");
                String body = missing ? PROBLEM : head.toString().startsWith("PUT /lock ") ? LOCK : VALUE;
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                String reply = (missing ? "HTTP/1.1 404 Not Found\r\nContent-Type: application/problem+json\r\n"
                        : "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
                        + "X-Lighthouse-Seq: 1\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
                OutputStream out = socket.getOutputStream();
                out.write(reply.getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, "Content-Length:".length())) {
                return Integer.parseInt(line.substring("Content-Length:".length()).strip());
            }
        }
        return 0;
    }
}
