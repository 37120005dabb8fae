package dev.lighthouse.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on a free loopback port: records every POST body, and answers 500 to the
 * first {@link #failNext} of them (for retry tests), 204 to the rest.
 */
public final class HookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger failNext = new AtomicInteger();

    public HookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                attempts.incrementAndGet();
                int status = 204;
                if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    status = 500;
                } else {
                    received.add(body);
                }
                exchange.sendResponseHeaders(status, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Bodies acknowledged with 2xx, in arrival order. */
    public List<String> received() {
        return List.copyOf(received);
    }

    /** Every POST, failed ones included. */
    public int attempts() {
        return attempts.get();
    }

    public void failNext(int n) {
        failNext.set(n);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
