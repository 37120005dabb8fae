package dev.lighthouse;

import dev.lighthouse.apply.Applier;
import dev.lighthouse.apply.DataDirEffects;
import dev.lighthouse.apply.LeaseTimer;
import dev.lighthouse.apply.StateView;
import dev.lighthouse.apply.StoreState;
import dev.lighthouse.apply.Updates;
import dev.lighthouse.cluster.ClusterKey;
import dev.lighthouse.cluster.ClusterNode;
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
import dev.lighthouse.watch.Watches;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Lighthouse node, wired by constructor in one place. Used by
 * {@code bin/lighthouse} (through {@link Main}) and by tests alike:
 * {@code Lighthouse.start(config)}, then {@link #close()}.
 */
public final class Lighthouse implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Lighthouse.class);
    /** How long a node that expects no peers waits to elect itself and seed before serving. */
    private static final long ALONE_READY_MILLIS = 30_000;

    private final VersionStore store;
    private final StateView view;
    private final ClusterNode cluster;
    private final LeaseTimer leases;
    private final HttpServer http;
    private final Watches watches;
    private final HookDispatcher hooks;
    private final AccessReloader accessReloader;

    private Lighthouse(ServerConfig config) throws Exception {
        long started = System.nanoTime();
        DataDirCheck.prepare(config.dataDir());
        // Class loading and bootstrapping of JGroups, then Jersey, run on one other core while data.d
        // loads; the cluster starts as soon as its part is warm, while Jersey's still warms up.
        // (A thread each would take the second core from a large data.d's recovery.)
        CountDownLatch clusterWarm = new CountDownLatch(1);
        CountDownLatch httpWarm = new CountDownLatch(1);
        Thread warmUp = new Thread(() -> {
            try {
                ClusterNode.warmUp();
            } finally {
                clusterWarm.countDown();
            }
            try {
                HttpServer.warmUp();
            } finally {
                httpWarm.countDown();
            }
        }, "lighthouse-warm-up");
        warmUp.start();
        CompletableFuture<ClusterKey> clusterKey = deriveClusterKey(config.clusterSecret());
        StorageHealth storage = new StorageHealth();
        VersionStore.Recovered recovered = VersionStore.open(config.dataDir(), config.retain(), storage);
        long recoveredAt = System.nanoTime();
        store = recovered.store();
        clusterWarm.await(30, TimeUnit.SECONDS);
        view = new StateView(new StoreState(recovered.history(), null, recovered.hooks()));
        watches = new Watches(view, config.limits().maxWatchersPerAddress());
        cluster = ClusterNode.start(new ClusterNode.Settings(config.name(), config.bind(), config.clusterPort(),
                        config.seeds(), config.bootstrap(), config.dataDir(), config.limits().writeTimeout(),
                        clusterKey.get(30, TimeUnit.SECONDS), storage, store),
                (seeded, appliedIndex) -> new Applier(new DataDirEffects(store), config.retain(), config.limits().maxDocumentDepth(), view,
                        seeded, appliedIndex),
                view, config.clock());
        long clusterAt = System.nanoTime();
        httpWarm.await(30, TimeUnit.SECONDS);
        Updates updates = new Updates(cluster.commandLog(), view, config.clock(), config.limits().writeTimeout());
        leases = new LeaseTimer(view, updates, config.clock(), cluster::isLeader);
        ServerMetrics metrics = metrics(view, store);
        metrics.gauge("lighthouse_lock_waiters", "clients waiting for the held update lock", updates::lockWaiters);
        metrics.gauge("lighthouse_watchers", "open watch streams and long polls", watches::count);
        metrics.gauge("lighthouse_raft_applied_index", "last Raft log index this node applied", cluster::appliedIndex);
        metrics.gauge("lighthouse_replication_lag_entries", "log entries the leader applied that this node has not yet",
                cluster::replicationLag);
        metrics.gauge("lighthouse_cluster_leader", "1 while this node leads the cluster",
                () -> cluster.isLeader() ? 1 : 0);
        metrics.gauge("lighthouse_storage_failing", "1 while this node cannot write to its disk (it refuses writes)",
                () -> storage.isFailing() ? 1 : 0);
        metrics.gauge("lighthouse_storage_failures", "times this node's storage started failing since it started",
                storage::failures);
        AccessControl access = new AccessControl(config.access() == null ? null : AccessPolicy.of(config.access()));
        accessReloader = config.confFile() == null ? null : new AccessReloader(config.confFile(), access);
        if (accessReloader != null) {
            accessReloader.start();
        }
        http = new HttpServer(config.bind(), config.port(), view, updates, metrics, config.limits(), cluster, watches,
                access, config.tls());
        http.start();
        String httpUrl = http.scheme() + "://" + hostForUrl(config.bind()) + ":" + http.port();
        cluster.advertiseHttp(httpUrl);
        hooks = new HookDispatcher(view, updates, cluster::isLeader, () -> httpUrl, config.limits());
        if (cluster.expectsNoPeers()) {
            cluster.awaitServing(ALONE_READY_MILLIS);
        }
        LOG.info("data.d loaded in {} ms ({} versions retained), cluster ready {} ms later, HTTP {} ms after that",
                (recoveredAt - started) / 1_000_000, recovered.history().newestFirst(Integer.MAX_VALUE).size(),
                (clusterAt - recoveredAt) / 1_000_000, (System.nanoTime() - clusterAt) / 1_000_000);
        Version current = view.state().current();
        LOG.info("serving version {} ({}) from {} on {}/ ({}) as '{}' ({})", current.seq(), current.checksum(),
                config.dataDir().toAbsolutePath(), httpUrl, http.clientCertificates(), cluster.name(), cluster.state());
        AccessNotice.log(config.access(), config.confFile(), config.bind());
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

    public static Lighthouse start(ServerConfig config) throws Exception {
        return new Lighthouse(config);
    }

    private static ServerMetrics metrics(StateView view, VersionStore store) {
        ServerMetrics metrics = new ServerMetrics();
        view.addListener((before, after) -> {
            if (after.current() != before.current()) {
                metrics.recordCommit();
            }
        });
        metrics.gauge("lighthouse_version_seq", "seq of the version being served", () -> view.state().current().seq());
        metrics.gauge("lighthouse_lock_held", "1 while the update lock is held", () -> view.state().lock() == null ? 0 : 1);
        metrics.gauge("lighthouse_datad_bytes", "bytes of version files in data.d", store::diskBytes);
        metrics.gauge("lighthouse_document_bytes", "approximate serialised size of the current document",
                () -> view.state().current().root().approxSize());
        return metrics;
    }

    public int port() {
        return http.port();
    }

    public ClusterNode cluster() {
        return cluster;
    }

    public Version currentVersion() {
        return view.state().current();
    }

    @Override
    public void close() throws Exception {
        if (accessReloader != null) {
            accessReloader.close();
        }
        hooks.close();
        http.close();
        watches.close();
        leases.close();
        cluster.close();
        store.close();
    }
}
