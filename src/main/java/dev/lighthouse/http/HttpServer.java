package dev.lighthouse.http;

import dev.lighthouse.apply.SessionLeases;
import dev.lighthouse.apply.StateView;
import dev.lighthouse.apply.Updates;
import dev.lighthouse.cluster.Cluster;
import dev.lighthouse.config.Limits;
import dev.lighthouse.config.TlsConfig;
import dev.lighthouse.error.InternalFailure;
import dev.lighthouse.metrics.ServerMetrics;
import dev.lighthouse.security.AccessControl;
import dev.lighthouse.store.StartRefused;
import org.eclipse.jetty.http.UriCompliance;
import dev.lighthouse.watch.GroupWatches;
import dev.lighthouse.watch.Watches;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.jetty.JettyHttpContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The HTTP front: Jetty with a chain of {@link FrontHandler} (limits, metrics),
 * {@link UiHandler} (the web UI's files), {@link DataHandler} (the lean {@code /data} paths), {@link WatchHandler}, {@link GroupsHandler},
 * {@link SessionRenewals}, {@link SessionOpens} and Jersey for the rest ({@link ApiGate} holds its requests
 * until it is built, after the port opens).
 * Resources are built here by constructor; nothing is scanned or injected.
 * With TLS configured the port speaks HTTPS, and {@link HttpsOnly} heads the
 * chain so that a plain-HTTP request gets only an error.
 */
public final class HttpServer implements AutoCloseable {

    private final Server server;
    /**
     * Connections the kernel completes before Jetty accepts them. Jetty's default of 50 overflowed
     * when 10,000 long-polling clients connected at once, as they do when a node comes back: the
     * kernel dropped their handshakes and they retried 1, 3 and 7 s later. Linux caps it at
     * {@code net.core.somaxconn} (4096 by default), the size Go servers such as etcd ask for.
     */
    static final int ACCEPT_QUEUE = 4096;
    private final ServerConnector connector;
    private final TlsConfig tls;
    private final ApiGate api = new ApiGate();
    private final ResourceConfig jersey;

    /**
     * @param groups who waits for which group (long polls, event streams, joins waiting to hold)
     * @param leases the leader's session clock, or null while it is not wired (renewals answer 503)
     * @param access who may read and write what
     * @param tls    HTTPS settings, or null for plain HTTP
     */
    public HttpServer(String bind, int port, StateView view, Updates updates, ServerMetrics metrics, Limits limits,
                      Cluster cluster, Watches watches, GroupWatches groups, SessionLeases leases, AccessControl access,
                      TlsConfig tls) {
        this.tls = tls;
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("lighthouse-http");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        // Jetty's parser otherwise keeps a ~96 KiB header trie per keep-alive connection from its
        // second request on: 1 GiB of heap for 10,000 long-polling clients (measured by bench/run).
        http.setHeaderCacheSize(0);
        // Keys may contain '/' as %2F, and '.', '..' and empty segments must reach our own
        // validation (400 with a problem body) rather than be normalised away.
        http.setUriCompliance(UriCompliance.UNSAFE);
        http.setRequestHeaderSize(limits.maxPathBytes() + 16 * 1024);
        connector = tls == null ? new ServerConnector(server, new HttpConnectionFactory(http))
                : HttpsConnector.create(server, http, tls);
        connector.setHost(bind);
        connector.setPort(port);
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        server.addConnector(connector);
        server.setErrorHandler(new ProblemErrorHandler());

        ClientGone.quietJersey();
        Bodies bodies = new Bodies(limits);
        ResourceConfig jersey = new ResourceConfig()
                .registerInstances(new LockResource(updates, bodies, limits), new UpdateResource(updates, bodies),
                        new VersionResource(view), new ClusterResource(cluster),
                        new HooksResource(updates, view, bodies),
                        new SessionsResource(updates, view, cluster, leases),
                        new OperationsResource(metrics, cluster), new ProblemMapper(), new HeadContentLength())
                .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                .property(ServerProperties.LOCATION_HEADER_RELATIVE_URI_RESOLUTION_DISABLED, true);
        this.jersey = jersey;
        Handler reads = new DataHandler(view, updates, bodies, cluster, watches,
                new WatchHandler(watches, cluster, limits.watchHeartbeat(),
                        new GroupsHandler(view, updates, bodies, cluster, groups, limits,
                                new SessionRenewals(view, cluster, leases,
                                        new SessionOpens(updates, bodies, leases, api)))));
        Handler front = new FrontHandler(metrics, limits.maxPathBytes(), access, new UiHandler(reads));
        server.setHandler(tls == null ? front : new HttpsOnly(front));
    }

    /**
     * Builds (never starts or binds) a server, so that the class loading and Jersey bootstrap
     * that dominate HTTP start-up can run on another core while data.d is being loaded.
     */
    public static void warmUp() {
        new HttpServer("127.0.0.1", 0, null, null, new ServerMetrics(), Limits.DEFAULT, null, null, null, null,
                new AccessControl(null), null).openApi();
    }

    /**
     * Builds the Jersey part of the API and puts it in place. Until then its requests are held
     * ({@link ApiGate}), so a node can serve reads without waiting for it: a node calls this on
     * a thread of its own after {@link #start}.
     */
    public void openApi() {
        try {
            api.open(ContainerFactory.createContainer(JettyHttpContainer.class, jersey));
        } catch (Exception | Error e) {
            api.fail(InternalFailure.logged("building the API", e));
        }
    }

    public void start() throws Exception {
        server.start();
    }

    /**
     * Fails when another process listens on {@code port}, before the node touches data.d or the
     * cluster. The port is only probed (and let go again), so one taken in between is reported
     * when {@link #start} binds it.
     *
     * @throws StartRefused naming the address, when it is taken
     */
    public static void checkPortFree(String bind, int port) throws java.io.IOException {
        if (port == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName(bind), port), 1);
        } catch (java.net.BindException e) {
            throw new StartRefused("HTTP port " + port + " on " + bind + " is in use (is another node running on"
                    + " it?); choose another with --port");
        }
    }

    /** "https" or "http": what clients must use on {@link #port()}. */
    public String scheme() {
        return tls == null ? "http" : "https";
    }

    /** How the port treats client certificates, for the start-up log. */
    public String clientCertificates() {
        return tls == null ? "plain HTTP" : switch (tls.clientAuth()) {
            case NEED -> "client certificates required";
            case WANT -> "client certificates requested, not required";
            case NONE -> "no client certificates";
        };
    }

    /** The bound port (useful after asking for port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
