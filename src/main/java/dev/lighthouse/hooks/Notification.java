package dev.lighthouse.hooks;

import dev.lighthouse.store.Hook;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.NumberNode;
import dev.lighthouse.tree.ObjectNode;
import dev.lighthouse.tree.StringNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The body a hook's receiver gets: {@code {"name","path","seq","uri"}}, {@code uri} naming the value to read. */
final class Notification {

    private Notification() {
    }

    static byte[] body(Hook hook, long seq, String baseUrl) {
        return ObjectNode.EMPTY.with("name", StringNode.of(hook.name()))
                .with("path", StringNode.of(hook.path()))
                .with("seq", NumberNode.of(seq))
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
