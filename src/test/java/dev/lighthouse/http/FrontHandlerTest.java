package dev.lighthouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.metrics.ServerMetrics;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class FrontHandlerTest {

    @Test
    void onlyLoopbackAddressesCountAsLocalWriters() {
        assertTrue(FrontHandler.fromLoopback(new InetSocketAddress("127.0.0.1", 1)));
        assertTrue(FrontHandler.fromLoopback(new InetSocketAddress("127.8.9.10", 1)));
        assertTrue(FrontHandler.fromLoopback(new InetSocketAddress("::1", 1)));
        assertFalse(FrontHandler.fromLoopback(new InetSocketAddress("10.1.2.3", 1)));
        assertFalse(FrontHandler.fromLoopback(new InetSocketAddress("::ffff:10.1.2.3", 1)));
        assertFalse(FrontHandler.fromLoopback(null));
    }

    @Test
    void routesAreAFixedSetWhateverThePath() {
        assertEquals("data", ServerMetrics.ROUTES.get(FrontHandler.route("/data/a/b")));
        assertEquals("data", ServerMetrics.ROUTES.get(FrontHandler.route("/data")));
        assertEquals("versions", ServerMetrics.ROUTES.get(FrontHandler.route("/versions/3/diff/4")));
        assertEquals("version", ServerMetrics.ROUTES.get(FrontHandler.route("/version")));
        assertEquals("other", ServerMetrics.ROUTES.get(FrontHandler.route("/database")));
        assertEquals("other", ServerMetrics.ROUTES.get(FrontHandler.route("/")));
        assertEquals("other", ServerMetrics.ROUTES.get(FrontHandler.route("")));
    }
}
