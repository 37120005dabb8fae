package dev.lighthouse.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One lock-edit-commit update: takes the update lock under a name, runs the caller's edits,
 * and commits them as one version; any exception from the edits aborts (the staged edits are
 * dropped and the lock freed) and is rethrown. The lock's lease is renewed every third of its
 * ttl while the edits run, so a slow edit does not lose the lock halfway.
 */
final class LockedUpdate implements Staging {

    private static final Logger LOG = Logger.getLogger(LockedUpdate.class.getName());

    private final Transport transport;
    private final ObjectMapper json;
    private final String name;
    private final Duration ttl;
    private long base = -1;

    /** @param ttl the lease to take and renew, or null for staging under a lock held elsewhere */
    LockedUpdate(Transport transport, String name, Duration ttl) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a lock name is needed");
        }
        this.transport = transport;
        this.json = transport.json();
        this.name = name;
        this.ttl = ttl;
    }

    Optional<Commit> run(Edit edit, Duration wait, WriteOptions options, ScheduledExecutorService renewer) {
        acquire(wait);
        long every = Math.max(1, ttl.toMillis() / 3);
        ScheduledFuture<?> renewal = renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
        try {
            edit.apply(this);
        } catch (Exception | Error failure) {
            renewal.cancel(false);
            abortQuietly(failure);
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            throw new LighthouseException("the update under lock '" + name + "' was aborted: " + failure, 0,
                    "aborted", null, LighthouseException.Outcome.NOT_APPLIED, failure);
        }
        renewal.cancel(false);
        return new Locks(transport).commit(name, options);
    }

    private void acquire(Duration wait) {
        base = new Locks(transport).take(name, ttl, wait).base();
    }

    /** Renews the lease; a failed renewal is left to the next one (the commit reports a lost lock). */
    private void renew() {
        try {
            ObjectNode again = json.createObjectNode().put("name", name).put("locked", true)
                    .put("ttl", Durations.format(ttl)).put("wait", "0s");
            transport.send(Request.write("PUT", "/lock", Json.write(json, again), "application/json", Map.of()));
        } catch (LighthouseException e) {
            LOG.log(Level.WARNING, "could not renew the lease of lock ''{0}'': {1}", new Object[] {name, e.getMessage()});
        }
    }

    private void abortQuietly(Throwable cause) {
        try {
            new Locks(transport).abort(name);
        } catch (LighthouseException e) {
            cause.addSuppressed(e); // the lease runs out by itself and drops the staged edits then
        }
    }

    private String update(String path) {
        return "/update/" + PathCodec.query(name) + "/" + PathCodec.encode(PathCodec.trim(path));
    }

    @Override
    public void set(String path, Object value) {
        transport.send(Request.write("PUT", update(path), Json.write(json, value), "application/json", Map.of()));
    }

    @Override
    public void setJson(String path, byte[] json) {
        transport.send(Request.write("PUT", update(path), json, "application/json", Map.of()));
    }

    @Override
    public byte[] stagedJson(String path) {
        return transport.send(Request.get(update(path))).body();
    }

    @Override
    public void append(String path, Object value) {
        String trimmed = PathCodec.trim(path);
        set(trimmed.isEmpty() ? "-" : trimmed + "/-", value);
    }

    @Override
    public void delete(String path) {
        transport.send(Request.write("DELETE", update(path), null, null, Map.of()));
    }

    @Override
    public void mergePatch(String path, Object patch) {
        transport.send(Request.write("PATCH", update(path), Json.write(json, patch), Documents.MERGE_PATCH, Map.of()));
    }

    @Override
    public JsonNode staged(String path) {
        return Json.read(json, transport.send(Request.get(update(path))).body(), "the staged value at " + path);
    }

    @Override
    public long base() {
        return base;
    }
}
