/** Prometheus metrics: request latency, commits, data.d size and other gauges. */
package dev.lighthouse.metrics;
