package dev.lighthouse.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The Java client for a Lighthouse cluster. Thread-safe; make one per application and close it
 * at the end. Every call has a deadline ({@link Builder#requestTimeout}); failures are
 * {@link LighthouseException}s.
 *
 * <pre>{@code
 * try (LighthouseClient lighthouse = LighthouseClient.builder()
 *         .members("http://10.0.0.1:8001", "http://10.0.0.2:8001").token(System.getenv("LIGHTHOUSE_TOKEN"))
 *         .build()) {
 *     LiveValue<DbConfig> db = lighthouse.follow("/app/db", DbConfig.class);
 *     DbConfig config = db.await(Duration.ofSeconds(30)).value();
 *     db.onChange(changed -> reconnect(changed.value()));
 * }
 * }</pre>
 */
public final class LighthouseClient implements AutoCloseable {

    private final Transport transport;
    private final Documents documents;
    private final ScheduledExecutorService timers;
    private final List<AutoCloseable> followers = new ArrayList<>();

    private LighthouseClient(ClientSettings settings) {
        this.transport = new Transport(settings);
        this.documents = new Documents(transport);
        this.timers = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "lighthouse-client-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The Jackson mapper the client binds values with (register modules on it before use). */
    public ObjectMapper json() {
        return transport.json();
    }

    // -- reading

    /** The value at a path, from the member's current state (which may lag the leader a little). */
    public Versioned<JsonNode> get(String path) {
        return documents.get(path, false);
    }

    /** The value at a path bound to a type. */
    public <T> Versioned<T> get(String path, Class<T> type) {
        return get(path).as(type, json());
    }

    /** A linearizable read: at least as new as every commit acknowledged before the call. */
    public Versioned<JsonNode> getConsistent(String path) {
        return documents.get(path, true);
    }

    /**
     * The value's JSON text exactly as the server sent it: numbers as written ({@code 2.50},
     * {@code 1e400}), member order kept, for tools that pass values on unchanged.
     */
    public Versioned<byte[]> getJson(String path) {
        return documents.getJson(path);
    }

    /** The value, or empty when it still has the entity tag {@code etag} (from an earlier read). */
    public Optional<Versioned<JsonNode>> getIfChanged(String path, String etag) {
        return documents.getIfChanged(path, etag);
    }

    public Version version() {
        return documents.version();
    }

    /** A path kept current in the background, bound to a type; close it (or the client) to stop. */
    public <T> LiveValue<T> follow(String path, Class<T> type) {
        LiveValue<T> live = new LiveValue<>(transport, path, type, timers);
        register(live);
        live.start();
        return live;
    }

    /**
     * Follows a path's events ({@code GET /watch/{path}}) on a thread of its own, handing each
     * on unparsed, until closed: the lower-level form of {@link #follow}, for tools that print
     * or write values exactly as stored and want to hear of every lost connection.
     */
    public Watch watch(String path, WatchListener listener) {
        Watch watch = new Watch(transport, path, listener, timers);
        register(watch);
        watch.start();
        return watch;
    }

    // -- writing

    /** An RFC 7396 merge patch at the path (created if missing), as one new version; empty when nothing changed. */
    public Optional<Commit> mergePatch(String path, Object patch) {
        return documents.mergePatch(path, patch, WriteOptions.NONE);
    }

    public Optional<Commit> mergePatch(String path, Object patch, WriteOptions options) {
        return documents.mergePatch(path, patch, options);
    }

    /** RFC 6902 operations (pointers relative to the path), all or nothing. */
    public Optional<Commit> jsonPatch(String path, Object operations, WriteOptions options) {
        return documents.jsonPatch(path, operations, options);
    }

    /**
     * Lock, edit, commit: takes the update lock as {@code lockName} (waiting up to {@code wait}
     * for another holder), runs the edits with the lease renewed meanwhile, and commits them as
     * one version. Any exception from the edits aborts the update and is rethrown (a checked
     * one wrapped in a {@link LighthouseException}).
     *
     * @return the new version, or empty when the edits left the document as it was
     */
    public Optional<Commit> update(String lockName, Duration ttl, Duration wait, Edit edits, WriteOptions options) {
        return new LockedUpdate(transport, lockName, ttl).run(edits, wait, options, timers);
    }

    public Optional<Commit> update(String lockName, Edit edits) {
        return update(lockName, Duration.ofMinutes(1), Duration.ZERO, edits, WriteOptions.NONE);
    }

    /**
     * Takes the update lock as {@code name}, or renews it when {@code name} holds it already
     * (staged edits are kept), for an update that spans calls or processes: stage with
     * {@link #staging}, then {@link #commit} or {@link #abort}. Waits up to {@code wait} while
     * another name holds it (a {@link ConflictException} {@code lock-held} after that).
     *
     * @param ttl the lease (null: the server's default); every staged edit renews it
     */
    public LockState lock(String name, Duration ttl, Duration wait) {
        return new Locks(transport).take(Locks.requireName(name), ttl, wait);
    }

    /** Who holds the update lock now, if anyone. */
    public LockState lockState() {
        return new Locks(transport).state();
    }

    /** Edits staged into the update {@code name} holds (taken with {@link #lock}); no renewals. */
    public Staging staging(String name) {
        return new LockedUpdate(transport, Locks.requireName(name), null);
    }

    /** Commits what {@code name} staged as one version and frees the lock; empty when nothing changed. */
    public Optional<Commit> commit(String name, WriteOptions options) {
        return new Locks(transport).commit(Locks.requireName(name), options);
    }

    /** Drops what {@code name} staged and frees the lock. */
    public void abort(String name) {
        new Locks(transport).abort(Locks.requireName(name));
    }

    // -- any other call

    /**
     * Any request of the HTTP API ({@code docs/api.md}) that has no method here, such as
     * {@code GET /versions?limit=5} or {@code DELETE /cluster/members/n3}: the path and query
     * as the server reads them (already percent-encoded), a JSON body or null. It goes to the
     * members and fails like every other call (a refusal is thrown as its
     * {@link LighthouseException}); a successful reply comes back unparsed. A GET may be retried
     * on another member; anything else is never sent twice.
     *
     * @param timeout how long the server may take (longer than any wait the request asks for)
     */
    public Reply call(String method, String pathAndQuery, byte[] json, Duration timeout) {
        if (!pathAndQuery.startsWith("/")) {
            throw new IllegalArgumentException("a request path starts with /: " + pathAndQuery);
        }
        Request request = method.equals("GET") ? Request.get(pathAndQuery)
                : Request.write(method, pathAndQuery, json, "application/json", Map.of());
        return transport.send(request, timeout);
    }

    public Reply call(String method, String pathAndQuery, byte[] json) {
        return call(method, pathAndQuery, json, transport.requestTimeout());
    }

    // -- coordination

    /**
     * Opens a session renewed in the background until closed or lost. It counts as lost a
     * fifth of its ttl (at most 1 s) before the cluster could expire it.
     */
    public Session openSession(String name, Duration ttl) {
        return openSession(name, ttl, null);
    }

    /**
     * Opens a session that counts as lost {@code margin} before the cluster could expire it:
     * the time whatever it guards needs to stop (a stop script, a demotion) before another
     * member may be granted what it held. Null means the default, a fifth of the ttl, at most 1 s.
     */
    public Session openSession(String name, Duration ttl, Duration margin) {
        if (margin != null && (margin.isNegative() || margin.compareTo(ttl) >= 0)) {
            throw new IllegalArgumentException("the margin must be between 0 and the ttl: " + margin);
        }
        return Session.open(transport, name, ttl, margin, timers);
    }

    /**
     * Joins a group as {@code member} with the session: with {@code limit} N > 0 the first N
     * members hold (1: a leader or mutex). Waits up to {@code wait} to become a holder (it stays
     * a member either way), then follows the group.
     */
    public Membership join(Session session, String group, String member, Object value, int limit, Duration wait) {
        Membership membership = new Membership(transport, session, group, member, timers);
        membership.join(value == null ? null : json().valueToTree(value), limit, wait);
        register(membership);
        membership.start();
        return membership;
    }

    /** A group's members in rank order. */
    public GroupState group(String group) {
        Reply reply = transport.send(Request.get("/groups/" + PathCodec.encode(PathCodec.trim(group))));
        return GroupState.of(Json.read(json(), reply.body(), "the group " + group));
    }

    private synchronized void register(AutoCloseable follower) {
        followers.add(follower);
    }

    /** Stops every follower and background renewal. Sessions are not ended here: close them first. */
    @Override
    public void close() {
        List<AutoCloseable> all;
        synchronized (this) {
            all = List.copyOf(followers);
            followers.clear();
        }
        for (AutoCloseable follower : all) {
            try {
                follower.close();
            } catch (Exception e) {
                // closing a follower only stops a thread; nothing to report
            }
        }
        timers.shutdownNow();
    }

    /** Where the cluster is and how to talk to it. */
    public static final class Builder {

        private final List<java.net.URI> members = new ArrayList<>();
        private String token;
        private javax.net.ssl.SSLContext tls;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private boolean shortLived;

        private Builder() {
        }

        /**
         * The members' base URLs ({@code http://host:8001}; {@code host:port} alone means http).
         * A call goes to the one that answered last and moves on when it cannot connect.
         */
        public Builder members(String... urls) {
            for (String url : urls) {
                members.add(MemberUrls.parse(url));
            }
            return this;
        }

        /** The bearer token (access control); null or empty for none. */
        public Builder token(String token) {
            this.token = token == null || token.isEmpty() ? null : token;
            return this;
        }

        /** TLS settings for https members, e.g. from {@link Tls#context}; the JDK's defaults otherwise. */
        public Builder tls(javax.net.ssl.SSLContext context) {
            this.tls = context;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /** How long a call may take unless it asks the server to wait longer (default 30 s). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "request timeout");
            return this;
        }

        /**
         * For a process that makes a few calls and exits, such as a command-line tool: plain
         * request/reply calls go over {@code HttpURLConnection}, which a fresh JVM sets up several
         * times faster than {@code HttpClient}. PATCH requests ({@link LighthouseClient#mergePatch},
         * {@link LighthouseClient#jsonPatch}, {@link Staging#mergePatch}) and streams
         * ({@link LighthouseClient#follow}, {@link LighthouseClient#watch}, {@link LighthouseClient#join})
         * still use an {@code HttpClient}, built when first needed. See docs/client.md.
         */
        public Builder shortLived() {
            this.shortLived = true;
            return this;
        }

        public LighthouseClient build() {
            if (members.isEmpty()) {
                throw new IllegalArgumentException("no member URL: give at least one, such as http://127.0.0.1:8001");
            }
            return new LighthouseClient(new ClientSettings(List.copyOf(members), token, tls, connectTimeout,
                    requestTimeout, shortLived));
        }

        private static Duration positive(Duration timeout, String what) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the " + what + " must be positive: " + timeout);
            }
            return timeout;
        }
    }
}
