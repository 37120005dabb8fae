// Bare Jetty 12 baseline for bench/run: a core Handler that answers every
// request with one fixed JSON body, so the read benchmark can tell how much of
// Lighthouse's read cost is Jetty itself and how much is Lighthouse's own work.
//
// Run in single-file source mode against the fat jar (which carries Jetty 12):
//   java -cp target/lighthouse.jar bench/BareJetty.java PORT [BODY_FILE]
// Without BODY_FILE it serves the bytes Lighthouse returns for
// GET /data/providers/beta with the bundled data.d. Binds 127.0.0.1 only.
//
// The connector is set up like Lighthouse's (same thread pool size, no Date or
// Server header) so the comparison is about per-request work, not config.

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

public class BareJetty {

    static final String DEFAULT_BODY = "[\"192.168.2.1\",\"192.168.2.2\"]\n";

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java -cp target/lighthouse.jar bench/BareJetty.java PORT [BODY_FILE]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        byte[] body = args.length > 1 ? Files.readAllBytes(Path.of(args[1]))
                : DEFAULT_BODY.getBytes(StandardCharsets.UTF_8);

        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("bare-jetty");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        http.setHeaderCacheSize(0); // as Lighthouse's connector
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Fixed(body));
        server.start();
        System.err.println("bare jetty serving " + body.length + " bytes on http://127.0.0.1:"
                + connector.getLocalPort() + "/");
        server.join();
    }

    /** Same bytes and Content-Type for every request; the buffer is shared read-only. */
    static final class Fixed extends Handler.Abstract {
        private final ByteBuffer body;

        Fixed(byte[] bytes) {
            this.body = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.remaining());
            response.write(true, body.slice(), callback);
            return true;
        }
    }
}
