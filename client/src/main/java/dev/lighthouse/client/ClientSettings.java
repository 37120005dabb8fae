package dev.lighthouse.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/** What {@link LighthouseClient.Builder} collected, checked. */
record ClientSettings(List<URI> members, String token, SSLContext tls, Duration connectTimeout,
                      Duration requestTimeout, boolean shortLived) {
}
