package dev.lighthouse.http;

import dev.lighthouse.apply.StateView;
import dev.lighthouse.apply.Updates;
import dev.lighthouse.cluster.Cluster;
import dev.lighthouse.config.Limits;
import dev.lighthouse.coord.Group;
import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.error.ProblemType;
import dev.lighthouse.error.RequestRefused;
import dev.lighthouse.security.Principal;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.watch.GroupWatches;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Everything under {@code /groups}, on plain Jetty like {@code /data} and {@code /watch}: long
 * polls and event streams must hold no thread, and group names are paths whose {@code %2F}
 * must reach {@link JsonPath#fromUrl} still encoded. Groups are read from the applied state;
 * joins and leaves are commands through the log. Access follows the document's grants: group
 * {@code app/x} needs read (to get, list, follow) or write (to join, leave) on {@code /app/x}.
 */
final class GroupsHandler extends Handler.Wrapper {

    private static final String PREFIX = "/groups";
    private static final String READS = "GET, HEAD";
    private static final String MEMBER_METHODS = "PUT, DELETE";

    private final StateView view;
    private final Updates updates;
    private final Cluster cluster;
    private final GroupJoins joins;
    private final GroupPolls polls;
    private final GroupStreams streams;

    GroupsHandler(StateView view, Updates updates, Bodies bodies, Cluster cluster, GroupWatches watches,
                  Limits limits, Handler next) {
        super(next);
        this.view = view;
        this.updates = updates;
        this.cluster = cluster;
        this.joins = new GroupJoins(updates, view, bodies, watches, limits);
        this.polls = new GroupPolls(watches, view);
        this.streams = new GroupStreams(watches, limits.watchHeartbeat());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String rest = RawPaths.under(request.getHttpURI().getPath(), PREFIX);
        if (rest == null) {
            return super.handle(request, response, callback);
        }
        try {
            GroupTarget target = GroupTarget.parse(rest);
            String method = request.getMethod();
            boolean read = HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method);
            if (target.member() != null) {
                if (HttpMethod.PUT.is(method)) {
                    joins.join(request, response, callback, target, Callers.of(request));
                } else if (HttpMethod.DELETE.is(method)) {
                    leave(request, response, callback, target);
                } else {
                    refuse(response, method, MEMBER_METHODS, "a member");
                }
            } else if (!read) {
                refuse(response, method, READS, target.group() == null ? "/groups" : "a group");
            } else if (target.group() == null) {
                list(request, response, callback);
            } else {
                read(request, response, callback, target.group());
            }
        } catch (RuntimeException e) {
            JettyReplies.problem(response, callback, ProblemWriter.problemFor(e));
        }
        return true;
    }

    private static void refuse(Response response, String method, String allowed, String what) {
        response.getHeaders().put(HttpHeader.ALLOW, allowed);
        throw new RequestRefused(ProblemType.METHOD_NOT_ALLOWED, method + " is not answered on " + what + "; use "
                + allowed);
    }

    /** {@code GET /groups}: every group someone is in that the caller may read, by name. */
    private void list(Request request, Response response, Callback callback) {
        Principal caller = Callers.of(request);
        caller.requireSomeRead();
        DataHandler.checkServing(cluster);
        List<Group> readable = new ArrayList<>();
        view.state().coordination().groups().forEach((name, group) -> {
            if (caller.mayRead(name)) {
                readable.add(group);
            }
        });
        readable.sort(Comparator.comparing(group -> GroupTarget.text(group.name())));
        JettyReplies.json(request, response, callback, GroupJson.list(readable));
    }

    /** {@code GET /groups/{g}}: the group now, a long poll on it, or its event stream. */
    private void read(Request request, Response response, Callback callback, JsonPath group) {
        Callers.of(request).requireRead(group);
        ReadOptions options = ReadOptions.parse(request.getHttpURI().getQuery());
        DataHandler.checkServing(cluster);
        String accept = request.getHeaders().get(HttpHeader.ACCEPT);
        if (accept != null && accept.contains("text/event-stream")) {
            if (options.waitSeq() != null || options.consistent()) {
                throw new InvalidInput("an event stream resumes with Last-Event-ID, not with wait= or consistent=");
            }
            streams.open(request, response, callback, group, lastEventId(request));
            return;
        }
        if (options.consistent()) {
            ReadOptions.await(cluster.consistentRead(), cluster.writeTimeout());
        }
        if (options.waitSeq() != null) {
            polls.start(request, response, callback, group, options);
            return;
        }
        JettyReplies.json(request, response, callback, GroupJson.group(view.state().coordination().group(group)));
    }

    private static Long lastEventId(Request request) {
        String lastEventId = request.getHeaders().get("Last-Event-ID");
        return lastEventId == null || lastEventId.isBlank() ? null : ReadOptions.seq(lastEventId.trim(), "Last-Event-ID");
    }

    /** {@code DELETE /groups/{g}/members/{m}?session=ID}: 204, also when the member was not there. */
    private void leave(Request request, Response response, Callback callback, GroupTarget target) {
        Principal caller = Callers.of(request);
        caller.requireWrite(target.group());
        String session = Names.sessionId(queryValue(request.getHttpURI().getQuery(), "session"), "?session=");
        updates.leaveGroup(target.group(), target.member(), session, caller.name());
        response.setStatus(HttpStatus.NO_CONTENT_204);
        response.write(true, null, callback);
    }

    /** The first value of a query parameter, percent-decoded, or null. */
    private static String queryValue(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String option : query.split("&")) {
            if (option.startsWith(name + "=")) {
                try {
                    return URLDecoder.decode(option.substring(name.length() + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new InvalidInput("?" + name + "= is not percent-encoded correctly");
                }
            }
        }
        return null;
    }
}
