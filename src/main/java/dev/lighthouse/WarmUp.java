package dev.lighthouse;

import dev.lighthouse.cluster.ClusterNode;
import dev.lighthouse.http.HttpServer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Class loading and bootstrapping of JGroups, then of Jersey, the two slowest parts of a start,
 * on one other core while the command line is parsed and data.d loads; the cluster starts as
 * soon as its part is warm, while Jersey's still warms up. (A thread each measured no faster on
 * two cores, and would take more of the second core from a large data.d's recovery.) Begun once
 * per JVM, as early as {@link Main} can; a node started later in the same JVM finds it done.
 */
final class WarmUp {

    private static final long WAIT_SECONDS = 30;
    private static WarmUp begun;

    private final CountDownLatch cluster = new CountDownLatch(1);
    private final CountDownLatch http = new CountDownLatch(1);

    private WarmUp() {
    }

    static synchronized WarmUp begin() {
        if (begun == null) {
            WarmUp warm = new WarmUp();
            Thread thread = new Thread(warm::run, "lighthouse-warm-up");
            thread.setDaemon(true);
            thread.start();
            begun = warm;
        }
        return begun;
    }

    private void run() {
        try {
            ClusterNode.warmUp();
        } finally {
            cluster.countDown();
        }
        try {
            HttpServer.warmUp();
        } finally {
            http.countDown();
        }
    }

    /** Waits (bounded: the warm-up is only a head start) until the cluster's classes are ready. */
    void awaitCluster() throws InterruptedException {
        cluster.await(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    void awaitHttp() throws InterruptedException {
        http.await(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
