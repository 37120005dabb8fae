package dev.lighthouse.hooks;

import dev.lighthouse.coord.GroupNames;
import dev.lighthouse.store.Hook;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.NumberNode;
import dev.lighthouse.tree.ObjectNode;
import dev.lighthouse.tree.StringNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The body a hook's receiver gets: {@code {"name","path","seq","uri"}} for a path hook,
 * {@code {"name","group","rev","uri"}} for a group hook, {@code uri} naming what to read.
 */
final class Notification {

    private Notification() {
    }

    /** @param position the seq of a path hook's version, or the rev of a group hook's group */
    static byte[] body(Hook hook, long position, String baseUrl) {
        ObjectNode named = ObjectNode.EMPTY.with("name", StringNode.of(hook.name()));
        if (hook.onGroup()) {
            return named.with("group", StringNode.of(GroupNames.text(hook.group())))
                    .with("rev", NumberNode.of(position))
                    .with("uri", StringNode.of(baseUrl + "/groups" + urlPath(hook.group())))
                    .jsonBytes();
        }
        return named.with("path", StringNode.of(hook.path()))
                .with("seq", NumberNode.of(position))
                .with("uri", StringNode.of(baseUrl + "/data" + urlPath(JsonPath.fromPointer(hook.path()))))
                .jsonBytes();
    }

    private static String urlPath(JsonPath path) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < path.size(); i++) {
            out.append('/').append(URLEncoder.encode(path.segment(i), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.length() == 0 ? "/" : out.toString();
    }
}
