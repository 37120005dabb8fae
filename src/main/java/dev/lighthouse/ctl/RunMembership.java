package dev.lighthouse.ctl;

import dev.lighthouse.client.LighthouseClient;
import dev.lighthouse.client.LighthouseException;
import dev.lighthouse.client.Session;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The loop behind {@code run}: a session (the client's, renewed every ttl/3 and counted lost a
 * quarter of a ttl before the cluster could expire it), a membership of the group, and the
 * group followed by long polls; START/STOP (or the command) as the member starts and stops holding. A session the
 * server ended, or one this process's clock puts at risk, ends the hold at once: STOP runs (or
 * the command is stopped) before anyone else could be granted it. With START/STOP, a new
 * session then joins again at the back of the group; with a command, {@code run} exits 1.
 */
final class RunMembership {

    private static final long RETRY_MILLIS = 200;
    private static final long WATCH_MILLIS = 50;

    private final LighthouseClient client;
    private final String groupPath;
    private final String group;
    private final String member;
    private final String value;
    private final int limit;
    private final Duration ttl;
    private final HoldActions actions;
    private final Output output;
    private final Object lock = new Object();
    private volatile boolean stopping;
    private volatile Session session;
    private boolean holding;
    private Map<String, String> env = Map.of();

    RunMembership(LighthouseClient client, String groupPath, String group, String member, String value, int limit,
                  Duration ttl, HoldActions actions, Output output) {
        this.client = client;
        this.groupPath = groupPath;
        this.group = group;
        this.member = member;
        this.value = value;
        this.limit = limit;
        this.ttl = ttl;
        this.actions = actions;
        this.output = output;
    }

    /** @return the exit code: the command's, or 1 when the hold was lost before it ended */
    int run(boolean oneCommand) {
        while (!stopping) {
            Session held = client.openSession(member, ttl, ttl.dividedBy(4));
            synchronized (lock) {
                session = held;
            }
            Optional<Integer> exit = follow(held, oneCommand);
            if (exit.isPresent()) {
                return exit.get();
            }
            output.note("the session was lost; joining " + group + " again with a new one");
        }
        return 0;
    }

    /** @return an exit code, or empty when the session was lost and a new one should join */
    private Optional<Integer> follow(Session held, boolean oneCommand) {
        Thread watchdog = watch(held);
        try {
            return holdWhileFollowing(held, oneCommand);
        } finally {
            watchdog.interrupt();
        }
    }

    /**
     * Releases the hold the moment the session is at risk, on a thread of its own: the loop that
     * follows the group may be blocked in a long poll to a server that does not answer.
     */
    private Thread watch(Session held) {
        Thread watchdog = new Thread(() -> {
            while (!stopping && !held.lost()) {
                try {
                    TimeUnit.MILLISECONDS.sleep(WATCH_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            release();
        }, "lighthousectl-at-risk");
        watchdog.setDaemon(true);
        watchdog.start();
        return watchdog;
    }

    private Optional<Integer> holdWhileFollowing(Session held, boolean oneCommand) {
        long rev = join(held);
        long pollMillis = Math.max(100, Math.min(ttl.toMillis() / 4, 2000));
        while (!stopping) {
            if (held.lost()) {
                release();
                closeQuietly(held);
                return oneCommand ? Optional.of(CtlFailure.FAILED) : Optional.empty();
            }
            Optional<Integer> exited = actions.exited();
            if (exited.isPresent()) {
                leave(held);
                return exited;
            }
            Map<String, Object> view;
            try {
                view = JsonTree.object(client.call("GET", "/groups/" + groupPath + "?wait=" + rev + "&timeout="
                        + pollMillis + "ms", null, Duration.ofMillis(pollMillis + 5000)).body(), "group");
            } catch (LighthouseException e) {
                if (!CtlFailure.from(e).isTransient()) {
                    throw e;
                }
                pause();
                continue;
            }
            Map<String, Object> me = mine(GroupPath.members(view), held.id());
            if (me == null) {
                release(); // the server removed the membership: the session ended
                closeQuietly(held);
                return oneCommand ? Optional.of(CtlFailure.FAILED) : Optional.empty();
            }
            long seen = JsonTree.number(view, "rev", rev);
            update(Boolean.TRUE.equals(me.get("holder")), JsonTree.number(me, "rank", 0),
                    JsonTree.number(me, "token", 0), seen != rev);
            rev = seen;
        }
        return Optional.of(0);
    }

    private long join(Session held) {
        String body = "{\"session\":\"" + held.id() + "\"" + (value == null ? "" : ",\"value\":" + value)
                + (limit > 0 ? ",\"limit\":" + limit : "") + "}";
        Map<String, Object> joined = JsonTree.object(client.call("PUT", "/groups/" + groupPath + "/members/"
                + DocPath.encodeLiteral(member), body.getBytes(StandardCharsets.UTF_8)).body(), "membership");
        update(Boolean.TRUE.equals(joined.get("holder")), JsonTree.number(joined, "rank", 0),
                JsonTree.number(joined, "token", 0), true);
        return JsonTree.number(joined, "rev", 0);
    }

    private void update(boolean holder, long rank, long token, boolean changed) {
        synchronized (lock) {
            if (stopping || session.lost()) {
                return; // never start holding on a session that may be lost: the watchdog released it
            }
            Map<String, String> next = RunCommand.env(group, member, rank, token);
            if (holder && !holding) {
                holding = true;
                env = next;
                actions.holding(env, true);
            } else if (holder && changed) {
                env = next;
                actions.holding(env, false);
            } else if (!holder && holding) {
                holding = false;
                actions.released(env);
            }
        }
    }

    private void release() {
        synchronized (lock) {
            if (holding) {
                holding = false;
                actions.released(env);
            }
        }
    }

    private void leave(Session held) {
        try {
            client.call("DELETE", "/groups/" + groupPath + "/members/" + DocPath.encodeLiteral(member) + "?session="
                    + held.id(), null);
        } catch (LighthouseException e) {
            // the session's end below takes the membership with it
        }
        closeQuietly(held);
    }

    /** Ends the session on the server; best effort, it lapses after its ttl otherwise. */
    private static void closeQuietly(Session held) {
        try {
            held.close();
        } catch (LighthouseException e) {
            // ended already, or unreachable
        }
    }

    /** On SIGTERM or SIGINT: STOP (or the command stopped), then leave. */
    void stop() {
        stopping = true;
        synchronized (lock) {
            if (holding) {
                holding = false;
                actions.released(env);
            }
            if (session != null) {
                leave(session);
            }
        }
        output.flush();
    }

    private static Map<String, Object> mine(List<Map<String, Object>> members, String sessionId) {
        return members.stream().filter(m -> sessionId.equals(JsonTree.text(m, "session"))).findFirst().orElse(null);
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
