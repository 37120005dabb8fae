package dev.lighthouse;

import dev.lighthouse.apply.Applier;
import dev.lighthouse.apply.DataDirEffects;
import dev.lighthouse.apply.LeaseTimer;
import dev.lighthouse.apply.SessionKeeper;
import dev.lighthouse.apply.StateView;
import dev.lighthouse.apply.StoreState;
import dev.lighthouse.apply.Updates;
import dev.lighthouse.cluster.ClusterKey;
import dev.lighthouse.cluster.ClusterNode;
import dev.lighthouse.cluster.NodeSettings;
import dev.lighthouse.config.ClusterSecret;
import dev.lighthouse.config.ServerConfig;
import dev.lighthouse.hooks.HookDispatcher;
import dev.lighthouse.http.HttpServer;
import dev.lighthouse.metrics.ServerMetrics;
import dev.lighthouse.security.AccessControl;
import dev.lighthouse.security.AccessPolicy;
import dev.lighthouse.security.AccessReloader;
import dev.lighthouse.store.DataDirCheck;
import dev.lighthouse.store.StorageHealth;
import dev.lighthouse.store.Version;
import dev.lighthouse.store.VersionStore;
import dev.lighthouse.watch.GroupWatches;
import dev.lighthouse.watch.Watches;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Lighthouse node, wired in one place: data.d's store, the applier
 * over it, the cluster that feeds the applier, the write API, HTTP. Used by
 * {@code bin/lighthouse} (through {@link Main}) and by tests alike:
 * {@code Lighthouse.start(config)}, then {@link #close()}. Each part is
 * started in order and stopped in the reverse order; a start that fails
 * stops again whatever it had started.
 */
public final class Lighthouse implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Lighthouse.class);
    /** How long a node that expects no peers waits to elect itself and seed before serving. */
    private static final long ALONE_READY_MILLIS = 30_000;

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private StateView view;
    private ClusterNode cluster;
    private HttpServer http;
    private SessionKeeper sessions;

    private Lighthouse() {
    }

    public static Lighthouse start(ServerConfig config) throws Exception {
        Lighthouse node = new Lighthouse();
        try {
            node.startParts(config);
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
        return node;
    }

    private <T extends AutoCloseable> T started(T part) {
        running.push(part);
        return part;
    }

    private void startParts(ServerConfig config) throws Exception {
        long began = System.nanoTime();
        // A port in use is the commonest start-up mistake: say so before data.d is touched.
        HttpServer.checkPortFree(config.bind(), config.port());
        DataDirCheck.prepare(config.dataDir());
        WarmUp warm = WarmUp.begin();
        CompletableFuture<ClusterKey> clusterKey = deriveClusterKey(config.clusterSecret());
        StorageHealth storage = new StorageHealth();
        VersionStore.Recovered recovered = VersionStore.open(config.dataDir(), config.retain(), storage);
        VersionStore store = started(recovered.store());
        long recoveredAt = System.nanoTime();
        view = new StateView(new StoreState(recovered.history(), null, recovered.hooks()));
        Watches watches = started(new Watches(view, config.limits().maxWatchersPerAddress()));
        GroupWatches groups = started(new GroupWatches(view, watches));
        NodeSettings settings = new NodeSettings(config.name(), config.bind(), config.clusterPort(),
                config.seeds(), config.bootstrap(), config.dataDir(), config.limits().writeTimeout(),
                clusterKey.get(30, TimeUnit.SECONDS), storage, store);
        long resumeAt = settings.resumeIndex(view.state().current());
        Applier applier = new Applier(new DataDirEffects(store), config.retain(), config.limits().maxDocumentDepth(),
                config.limits().coordination(), view, resumeAt > 0, resumeAt);
        warm.awaitCluster();
        cluster = started(new ClusterNode(settings, applier, view, config.clock()));
        cluster.start();
        long clusterAt = System.nanoTime();
        Updates updates = new Updates(cluster.commandLog(), view, config.clock(), config.limits().writeTimeout());
        started(new LeaseTimer(view, updates, config.clock(), cluster::isLeader));
        sessions = started(new SessionKeeper(view, cluster.commandLog(), cluster.leadership(),
                config.clock(), System::nanoTime));
        cluster.serveRenewals(sessions::renewHere);
        sessions.start();
        ServerMetrics metrics = NodeMetrics.of(view, store, storage, cluster, updates, watches);
        AccessControl access = new AccessControl(config.access() == null ? null : AccessPolicy.of(config.access()));
        if (config.confFile() != null) {
            started(new AccessReloader(config.confFile(), access)).start();
        }
        http = started(new HttpServer(config.bind(), config.port(), view, updates, metrics, config.limits(), cluster,
                watches, groups, sessions, access, config.tls()));
        http.start();
        openApiWhenWarm(warm, http);
        String httpUrl = http.scheme() + "://" + hostForUrl(config.bind()) + ":" + http.port();
        cluster.advertiseHttp(httpUrl);
        started(new HookDispatcher(view, updates, cluster::isLeader, () -> httpUrl, config.limits())).start();
        if (cluster.expectsNoPeers()) {
            cluster.awaitServing(ALONE_READY_MILLIS);
        }
        LOG.info("data.d loaded in {} ms ({} versions retained), cluster ready {} ms later, HTTP {} ms after that",
                (recoveredAt - began) / 1_000_000, recovered.history().newestFirst(Integer.MAX_VALUE).size(),
                (clusterAt - recoveredAt) / 1_000_000, (System.nanoTime() - clusterAt) / 1_000_000);
        Version current = view.state().current();
        LOG.info("serving version {} ({}) from {} on {}/ ({}) as '{}' ({})", current.seq(), current.checksum(),
                config.dataDir().toAbsolutePath(), httpUrl, http.clientCertificates(), cluster.name(),
                cluster.state().text());
        AccessNotice.log(config.access(), config.confFile(), config.bind());
    }

    /**
     * The Jersey part of the API is built on a thread of its own once the warm-up has loaded its
     * classes; until then its requests wait ({@code ApiGate}) while reads are already served.
     */
    private static void openApiWhenWarm(WarmUp warm, HttpServer http) {
        Thread builder = new Thread(() -> {
            try {
                warm.awaitHttp();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            http.openApi();
        }, "lighthouse-api-start");
        builder.setDaemon(true);
        builder.start();
    }

    /**
     * The key is derived (deliberately slowly: PBKDF2) on a thread of its own, beside data.d's
     * loading and the warm-up, rather than on the start-up path that waits for it.
     */
    private static CompletableFuture<ClusterKey> deriveClusterKey(ClusterSecret secret) {
        if (secret == null) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.supplyAsync(() -> ClusterKey.derive(secret),
                task -> new Thread(task, "lighthouse-cluster-key").start());
    }

    private static String hostForUrl(String bind) {
        return bind.contains(":") ? "[" + bind + "]" : bind;
    }

    public int port() {
        return http.port();
    }

    public ClusterNode cluster() {
        return cluster;
    }

    /** The sessions' lapse and renewal, as the HTTP API uses them. */
    public SessionKeeper sessions() {
        return sessions;
    }

    /** Everything this node serves now: the document's versions, the lock, hooks, sessions and groups. */
    public StoreState state() {
        return view.state();
    }

    public Version currentVersion() {
        return view.state().current();
    }

    /** Stops what started, newest first; every part is stopped even if one fails to. */
    @Override
    public void close() throws Exception {
        Exception first = null;
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
