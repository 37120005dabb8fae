/**
 * The HTTP API. Reads of {@code /data} take a lean plain-Jetty path
 * ({@link dev.lighthouse.http.DataHandler}); everything else is a Jersey
 * resource that turns a request into a call on {@link dev.lighthouse.apply.Updates}
 * or a read of {@link dev.lighthouse.apply.StateView}. Errors become RFC 9457
 * problem details in one place, {@link dev.lighthouse.http.ProblemWriter}.
 * With TLS configured, {@link dev.lighthouse.http.HttpsConnector} makes the
 * port speak HTTPS and {@link dev.lighthouse.http.HttpsOnly} answers plain
 * HTTP with an error only.
 */
package dev.lighthouse.http;
