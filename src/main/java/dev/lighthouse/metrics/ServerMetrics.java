package dev.lighthouse.metrics;

import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.DoubleSupplier;

/**
 * The server's Prometheus metrics, in a registry of its own (several servers
 * can share a JVM, as tests do). Recording a request costs a map lookup and
 * a striped histogram update.
 */
public final class ServerMetrics {

    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Histogram latency = Histogram.builder()
            .name("lighthouse_http_request_duration_seconds")
            .help("HTTP request latency by route, method and status class")
            .labelNames("route", "method", "status")
            .classicOnly()
            .classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
                    5, 10, 60)
            .register(registry);
    private final Counter commits = Counter.builder()
            .name("lighthouse_commits_total")
            .help("versions committed by this node")
            .register(registry);
    /** Label children by [route][method][status class], filled on first use: no allocation per request. */
    private final AtomicReferenceArray<DistributionDataPoint> points =
            new AtomicReferenceArray<>(ROUTES.size() * METHODS.size() * 6);

    /** The fixed route labels; anything else is {@code other}. */
    public static final List<String> ROUTES = List.of("data", "update", "lock", "version", "versions", "health",
            "metrics", "watch", "hooks", "cluster", "sessions", "groups", "other");
    private static final List<String> METHODS = List.of("GET", "HEAD", "PUT", "PATCH", "DELETE", "POST", "OTHER");

    /** @param route an index into {@link #ROUTES} */
    public void recordRequest(int route, String method, int status, long nanos) {
        int methodIndex = METHODS.indexOf(method);
        if (methodIndex < 0) {
            methodIndex = METHODS.size() - 1;
        }
        int statusClass = Math.min(Math.max(status / 100, 0), 5);
        int slot = (route * METHODS.size() + methodIndex) * 6 + statusClass;
        DistributionDataPoint point = points.get(slot);
        if (point == null) {
            point = latency.labelValues(ROUTES.get(route), METHODS.get(methodIndex), statusClass + "xx");
            points.compareAndSet(slot, null, point);
        }
        point.observe(nanos / 1e9);
    }

    public void recordCommit() {
        commits.inc();
    }

    /** Registers a gauge read at scrape time. */
    public void gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble())).register(registry);
    }

    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
