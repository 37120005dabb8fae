// Bare Jetty 12 long polls, the floor for bench/WatchLoad.java kind=poll: a core Handler
// that parks every GET ?wait=<seq> whose seq is current, and answers all of them, from two
// threads as Lighthouse's notifier does, when a PATCH comes. It shows how much of the long-poll
// cost is Jetty's request and response machinery, and how much is Lighthouse's own work.
//
// Run in single-file source mode against the fat jar (which carries Jetty 12):
//   java -cp target/lighthouse.jar bench/BarePolls.java PORT
//   java bench/WatchLoad.java kind=poll port=PORT count=10000 server-pid=<its pid>
// It answers what WatchLoad asks of a Lighthouse node and nothing else: PATCH (any path) commits,
// GET with wait= parks or answers, GET /metrics counts the parked polls. Binds 127.0.0.1 only;
// the connector is set up like Lighthouse's.

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

public class BarePolls {

    static final int TELLERS = 2;
    static final int CHUNK = 32;
    static final byte[] BODY = "12345\n".getBytes(StandardCharsets.UTF_8);

    record Parked(Response response, Callback callback) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -cp target/lighthouse.jar bench/BarePolls.java PORT");
            System.exit(2);
        }
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("bare-polls");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        http.setHeaderCacheSize(0);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);
        server.setHandler(new Polls());
        server.start();
        System.err.println("bare long polls on http://127.0.0.1:" + connector.getLocalPort() + "/");
        server.join();
    }

    static final class Polls extends Handler.Abstract {
        private final Object lock = new Object();
        private final ExecutorService tellers = Executors.newFixedThreadPool(TELLERS);
        private List<Parked> parked = new ArrayList<>();
        private long seq = 1;

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            if (Request.getPathInContext(request).equals("/metrics")) {
                int waiting;
                synchronized (lock) {
                    waiting = parked.size();
                }
                response.write(true, ByteBuffer.wrap(("lighthouse_watchers " + waiting + "\n").getBytes()), callback);
                return true;
            }
            if (request.getMethod().equals("PATCH")) {
                Content.Source.consumeAll(request, Callback.NOOP);
                List<Parked> told;
                long committed;
                synchronized (lock) {
                    committed = ++seq;
                    told = parked;
                    parked = new ArrayList<>();
                }
                response.write(true, ByteBuffer.wrap(("{\"seq\":" + committed + "}").getBytes()), callback);
                tellers.execute(() -> tellAll(told, committed));
                return true;
            }
            long wait = Long.parseLong(Request.extractQueryParameters(request).getValue("wait"));
            request.addIdleTimeoutListener(timeout -> false);
            Parked poll = new Parked(response, callback);
            long current;
            synchronized (lock) {
                current = seq;
                if (wait >= current) {
                    parked.add(poll);
                    return true;
                }
            }
            answer(poll, current);
            return true;
        }

        /** On one teller, with the others' help: chunks claimed by whichever is free. */
        private void tellAll(List<Parked> told, long committed) {
            AtomicInteger next = new AtomicInteger();
            CountDownLatch helpers = new CountDownLatch(TELLERS - 1);
            Runnable work = () -> {
                for (int from = next.getAndAdd(CHUNK); from < told.size(); from = next.getAndAdd(CHUNK)) {
                    for (int i = from; i < Math.min(told.size(), from + CHUNK); i++) {
                        answer(told.get(i), committed);
                    }
                }
            };
            for (int i = 1; i < TELLERS; i++) {
                tellers.execute(() -> {
                    work.run();
                    helpers.countDown();
                });
            }
            work.run();
            try {
                helpers.await(); // as Lighthouse's notifier: one commit's polls are all told before the next's
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void answer(Parked poll, long seq) {
            poll.response().getHeaders().put("X-Lighthouse-Seq", Long.toString(seq));
            poll.response().getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            poll.response().getHeaders().put(HttpHeader.CONTENT_LENGTH, BODY.length);
            poll.response().write(true, ByteBuffer.wrap(BODY), poll.callback());
        }
    }
}
