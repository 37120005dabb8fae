package dev.lighthouse.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This client's member in a group, owned by one of its sessions. It follows the group's event
 * stream, so {@link #holder()}, {@link #rank()} and {@link #token()} stay current and listeners
 * hear of every change; it stops holding the moment its session is lost (by the client's own
 * clock, before the cluster expires it), so a holder never acts on a hold it may no longer have.
 * Writes it guards carry {@link #fence()}: the cluster refuses them once a later holder exists.
 */
public final class Membership implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Membership.class.getName());

    private final Transport transport;
    private final ObjectMapper json;
    private final Session session;
    private final String group;
    private final String member;
    private final String url;
    private final StreamFollower follower;
    private final List<Consumer<GroupState>> changeListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Boolean>> holderListeners = new CopyOnWriteArrayList<>();
    private volatile int rank;
    private volatile boolean holder;
    private volatile long token;
    private volatile long rev;
    private volatile boolean left;

    Membership(Transport transport, Session session, String group, String member, ScheduledExecutorService timers) {
        this.transport = transport;
        this.json = transport.json();
        this.session = session;
        this.group = PathCodec.trim(group);
        this.member = member;
        this.url = "/groups/" + PathCodec.encode(this.group) + "/members/" + PathCodec.query(member);
        // Connection news is not listened to: the session's clock, not the stream, decides
        // whether the hold is safe.
        this.follower = new StreamFollower(transport, "/groups/" + PathCodec.encode(this.group), event -> {
            if (event.name().equals("members")) {
                changed(GroupState.of(Json.read(json, event.data().getBytes(
                        java.nio.charset.StandardCharsets.UTF_8), "the group " + group)));
            }
        }, timers);
    }

    /** Joins (or updates the value of) the member; waits up to {@code wait} to become a holder. */
    void join(JsonNode value, int limit, Duration wait) {
        ObjectNode body = json.createObjectNode().put("session", session.id());
        if (value != null) {
            body.set("value", value);
        }
        if (limit > 0) {
            body.put("limit", limit);
        }
        body.put("wait", Durations.format(wait));
        Reply reply = transport.send(Request.write("PUT", url, Json.write(json, body), "application/json", Map.of()),
                transport.requestTimeout().plus(wait));
        JsonNode joined = Json.read(json, reply.body(), "the join reply");
        update(joined.path("rank").asInt(), joined.path("holder").asBoolean(), joined.path("token").asLong(),
                joined.path("rev").asLong());
    }

    void start() {
        session.onLost(() -> update(rank, false, token, rev));
        follower.start();
    }

    private void changed(GroupState state) {
        if (state.rev() <= rev && rev != 0) {
            return;
        }
        GroupMember me = state.member(member).orElse(null);
        if (me == null || session.lost() || !session.id().equals(me.session())) {
            update(0, false, token, state.rev());
        } else {
            update(me.rank(), me.holder(), me.token(), state.rev());
        }
        changeListeners.forEach(listener -> tell(listener, state));
    }

    private synchronized void update(int newRank, boolean holds, long newToken, long newRev) {
        boolean was = holder;
        rank = newRank;
        token = newToken;
        rev = Math.max(rev, newRev);
        holder = holds && !session.lost() && !left;
        if (was != holder) {
            holderListeners.forEach(listener -> tell(listener, holder));
        }
    }

    private <V> void tell(Consumer<V> listener, V value) {
        try {
            listener.accept(value);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a listener of group " + group + " failed", e);
        }
    }

    public String group() {
        return group;
    }

    public String member() {
        return member;
    }

    public Session session() {
        return session;
    }

    /** Whether this member holds now: among the first {@code limit}, and its session not lost. */
    public boolean holder() {
        return holder;
    }

    /** Its place in join order, from 1 (0 once it is no longer a member). */
    public int rank() {
        return rank;
    }

    /** Its fencing token while it holds (0 while it waits). */
    public long token() {
        return token;
    }

    /** The {@code Lighthouse-Fence} value for writes this hold guards: {@code group/member=token}. */
    public String fence() {
        return group + "/" + member + "=" + token;
    }

    /** Called with true when this member starts holding, false when it stops (or its session is lost). */
    public Membership onHolderChange(Consumer<Boolean> listener) {
        holderListeners.add(listener);
        return this;
    }

    /** Called with the group after each change, on the follower's thread. */
    public Membership onGroupChange(Consumer<GroupState> listener) {
        changeListeners.add(listener);
        return this;
    }

    /** Leaves the group and stops following it. */
    @Override
    public void close() {
        left = true;
        follower.close();
        update(0, false, token, rev);
        if (!session.lost()) {
            try {
                transport.send(Request.write("DELETE", url + "?session=" + session.id(), null, null, Map.of()));
            } catch (NotFoundException alreadyGone) {
                // the session ended or the member left already
            }
        }
    }
}
