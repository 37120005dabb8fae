package dev.lighthouse.http;

import dev.lighthouse.apply.LockState;
import dev.lighthouse.apply.StoreState;
import dev.lighthouse.apply.Updates;
import dev.lighthouse.security.Principal;
import dev.lighthouse.security.WriteScope;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.config.Durations;
import dev.lighthouse.coord.Fence;
import dev.lighthouse.config.Limits;
import dev.lighthouse.error.Futures;
import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.store.Version;
import dev.lighthouse.tree.BooleanNode;
import dev.lighthouse.tree.Node;
import dev.lighthouse.tree.ObjectNode;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import org.eclipse.jetty.server.Request;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** {@code /lock}: show, acquire, commit (release) and abort the update lock. */
@Path("/lock")
public final class LockResource {

    private static final Set<String> MEMBERS = Set.of("name", "locked", "ttl", "wait");
    private static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

    private final Updates updates;
    private final Bodies bodies;
    private final Limits limits;

    LockResource(Updates updates, Bodies bodies, Limits limits) {
        this.updates = updates;
        this.bodies = bodies;
        this.limits = limits;
    }

    @GET
    public Response show(@Context Request http) {
        Callers.of(http).requireSomeRead();
        return Replies.json(Representations.lock(updates.expireLapsed().lock()));
    }

    /** Asynchronous, so that a client waiting for a held lock holds no server thread. */
    @PUT
    public void acquireOrCommit(InputStream body, @HeaderParam("Content-Length") Long length,
                                @HeaderParam(Fences.HEADER) List<String> fences, @Context Request http,
                                @Suspended AsyncResponse reply) {
        Principal caller = Callers.of(http);
        Fence fence = Fences.of(fences, caller);
        ObjectNode request = bodies.readObject(body, length == null ? -1 : length, MEMBERS, "the lock request");
        String name = Names.lockName(Bodies.optionalString(request, "name"));
        Node locked = request.get("locked");
        if (!(locked instanceof BooleanNode flag)) {
            throw new InvalidInput("'locked' must be true (acquire) or false (commit)");
        }
        if (!flag.value()) {
            checkStagedChanges(caller, name);
            Version committed = updates.commit(name, caller.name(), fence);
            reply.resume(Replies.json(Representations.commit(committed)));
            return;
        }
        if (fence != null) {
            // Refused rather than ignored: a client that believes its acquire is fenced is mistaken.
            throw new InvalidInput(Fences.HEADER + " applies to the commit ({\"locked\":false}), not to taking the lock");
        }
        Duration ttl = duration(request, "ttl", DEFAULT_TTL, limits.maxTtl());
        if (ttl.isZero()) {
            throw new InvalidInput("'ttl' must be longer than 0");
        }
        Duration wait = duration(request, "wait", Duration.ZERO, limits.maxWait());
        updates.acquire(name, ttl, wait, caller.name()).whenComplete((lock, error) -> {
            if (error == null) {
                reply.resume(Replies.json(Representations.lock(lock)));
            } else {
                reply.resume(Futures.cause(error));
            }
        });
    }

    @DELETE
    public Response abort(@QueryParam("name") String name, @Context Request http) {
        updates.abort(Names.lockName(name), Callers.of(http).name());
        return Replies.json(Representations.lock(null));
    }

    /**
     * Staged edits were checked one by one as they came; the commit is checked again as a whole, so
     * grants revoked since then (a reload) still hold it back.
     */
    private void checkStagedChanges(Principal caller, String name) {
        StoreState state = updates.expireLapsed();
        LockState lock = state.lock();
        if (lock != null && lock.name().equals(name)) {
            WriteScope.require(caller, JsonPath.ROOT, state.current().root(), lock.document());
        }
    }

    private static Duration duration(ObjectNode request, String member, Duration fallback, Duration max) {
        String text = Bodies.optionalString(request, member);
        return text == null ? fallback : Durations.parse(text, max, "'" + member + "'");
    }
}
