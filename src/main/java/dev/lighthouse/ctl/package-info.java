/**
 * {@code bin/lighthousectl}, the command-line client. {@link dev.lighthouse.ctl.LighthouseCtl}
 * parses the command line (picocli) and maps failures to exit codes; one class per
 * subcommand ({@code *Command}) does the work through {@code lighthouse-client}, built
 * {@code shortLived()}: every call goes over {@code HttpURLConnection}, and only {@code watch}
 * and {@code sync} (event streams) pay for an {@code HttpClient}.
 * Values are handled as JSON text with Jackson's streaming API only
 * ({@link dev.lighthouse.ctl.JsonText}), so numbers pass through exactly as written and a
 * start loads no more than it needs: scripts call {@code lighthousectl get} in loops.
 * Nothing here loads Jetty, Jersey or the server's packages.
 */
package dev.lighthouse.ctl;
