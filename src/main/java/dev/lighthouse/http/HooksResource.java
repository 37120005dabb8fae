package dev.lighthouse.http;

import org.eclipse.jetty.server.Request;
import jakarta.ws.rs.core.Context;
import dev.lighthouse.security.Principal;
import dev.lighthouse.apply.StateView;
import dev.lighthouse.apply.Updates;
import dev.lighthouse.coord.GroupNames;
import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.error.NotFound;
import dev.lighthouse.store.Hook;
import dev.lighthouse.tree.ArrayNode;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.NumberNode;
import dev.lighthouse.tree.ObjectNode;
import dev.lighthouse.tree.StringNode;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

/**
 * {@code /hooks}: register, list, show and delete webhooks (replicated through the log like commits).
 * A hook makes the cluster send requests about its path or group, so registering or deleting one
 * needs a write grant there (a group {@code app/web} is the path {@code /app/web}, as for joins);
 * listing shows only hooks whose path or group the caller may read.
 */
@Path("/hooks")
public final class HooksResource {

    private static final Set<String> MEMBERS = Set.of("name", "path", "group", "url");
    private static final int MAX_URL_LENGTH = 2048;

    private final Updates updates;
    private final StateView view;
    private final Bodies bodies;

    HooksResource(Updates updates, StateView view, Bodies bodies) {
        this.updates = updates;
        this.view = view;
        this.bodies = bodies;
    }

    /** {@code ?path=} (where a read's {@code Link: rel="subscriptions"} points) stands in for a body without one. */
    @POST
    public Response create(InputStream body, @HeaderParam("Content-Length") Long length,
                           @QueryParam("path") String queryPath, @Context Request http) {
        ObjectNode request = bodies.readObject(body, length == null ? -1 : length, MEMBERS, "a hook");
        String name = Names.hookName(Bodies.optionalString(request, "name"));
        String path = Bodies.optionalString(request, "path");
        String groupText = Bodies.optionalString(request, "group");
        if (path == null) {
            path = queryPath;
        } else if (queryPath != null && !queryPath.equals(path)) {
            throw new InvalidInput("the body's path " + path + " and the URL's ?path=" + queryPath + " differ");
        }
        if ((path == null) == (groupText == null)) {
            throw new InvalidInput("a hook needs exactly one of 'path' (a JSON Pointer such as \"/app/dm\", or \"\""
                    + " for everything) and 'group' (a group's name such as \"srv/dm\")");
        }
        Hook hook;
        if (groupText != null) {
            JsonPath group = GroupNames.parse(groupText);
            Callers.of(http).requireWrite(group);
            hook = updates.createGroupHook(name, group, url(Bodies.optionalString(request, "url")));
        } else {
            Callers.of(http).requireWrite(JsonPath.fromPointer(path));
            hook = updates.createHook(name, path, url(Bodies.optionalString(request, "url")));
        }
        return Response.status(201).location(URI.create("/hooks/" + name)).entity(render(hook).jsonBytes())
                .type("application/json").build();
    }

    /** All hooks, or with {@code ?path=} those of exactly that path. */
    @GET
    public Response list(@QueryParam("path") String path, @Context Request http) {
        Principal caller = Callers.of(http);
        caller.requireSomeRead();
        ArrayNode.Builder all = new ArrayNode.Builder();
        view.state().hooks().all().stream().filter(h -> path == null || path.equals(h.path()))
                .filter(h -> caller.mayRead(subject(h)))
                .forEach(h -> all.add(render(h)));
        return Replies.json(all.build());
    }

    @GET
    @Path("{name}")
    public Response show(@PathParam("name") String name, @Context Request http) {
        Hook hook = existing(name);
        Callers.of(http).requireRead(subject(hook));
        return Replies.json(render(hook));
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name, @Context Request http) {
        Callers.of(http).requireWrite(subject(existing(name)));
        updates.deleteHook(name);
        return Response.noContent().build();
    }

    private Hook existing(String name) {
        Hook hook = view.state().hooks().get(name);
        if (hook == null) {
            throw new NotFound("no hook named '" + name + "'", null);
        }
        return hook;
    }

    /** What access to a hook is decided on: its path, or its group as the path of the same name. */
    private static JsonPath subject(Hook hook) {
        return hook.onGroup() ? hook.group() : JsonPath.fromPointer(hook.path());
    }

    private static String url(String url) {
        if (url == null) {
            throw new InvalidInput("a hook needs a 'url' to POST notifications to (http:// or https://)");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new InvalidInput("a hook url has at most " + MAX_URL_LENGTH + " characters");
        }
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new InvalidInput("a hook url must be an absolute http:// or https:// URL with a host, not '"
                        + url + "'");
            }
        } catch (URISyntaxException e) {
            throw new InvalidInput("'" + url + "' is not a URL: " + e.getReason());
        }
        return url;
    }

    static ObjectNode render(Hook hook) {
        return ObjectNode.EMPTY.with("name", StringNode.of(hook.name()))
                .with(hook.onGroup() ? "group" : "path",
                        StringNode.of(hook.onGroup() ? GroupNames.text(hook.group()) : hook.path()))
                .with("url", StringNode.of(hook.url()))
                .with("delivered", NumberNode.of(hook.delivered()));
    }
}
