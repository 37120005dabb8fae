package dev.lighthouse;

import dev.lighthouse.apply.StateView;
import dev.lighthouse.apply.Updates;
import dev.lighthouse.cluster.ClusterNode;
import dev.lighthouse.metrics.ServerMetrics;
import dev.lighthouse.store.StorageHealth;
import dev.lighthouse.store.VersionStore;
import dev.lighthouse.watch.Watches;

/** The node's gauges in {@code /metrics}, each read from the part that knows it when scraped. */
final class NodeMetrics {

    private NodeMetrics() {
    }

    static ServerMetrics of(StateView view, VersionStore store, StorageHealth storage, ClusterNode cluster,
                            Updates updates, Watches watches) {
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
        return metrics;
    }
}
