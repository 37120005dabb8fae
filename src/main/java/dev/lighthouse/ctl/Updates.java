package dev.lighthouse.ctl;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The lock → stage → commit protocol ({@code /lock} and {@code /update/{name}/...}).
 * Paths are as the user typed them; {@link DocPath} encodes them.
 */
final class Updates {

    private final HttpApi api;

    Updates(HttpApi api) {
        this.api = api;
    }

    HttpApi api() {
        return api;
    }

    /**
     * Takes (or, under the same name, renews) the update lock, waiting up to {@code wait}
     * while another name holds it.
     *
     * @return the lock state the server answered
     */
    Map<String, Object> acquire(String name, String ttl, String wait) {
        StringBuilder body = new StringBuilder("{\"name\":").append(quoted(name)).append(",\"locked\":true");
        if (ttl != null) {
            body.append(",\"ttl\":").append(quoted(ttl));
        }
        if (wait != null) {
            body.append(",\"wait\":").append(quoted(wait));
        }
        body.append('}');
        Duration timeout = HttpApi.READ_TIMEOUT.plus(wait == null ? Duration.ZERO : Durations.parse(wait, "--wait"));
        Reply reply = api.send("PUT", "/lock", bytes(body.toString()), timeout);
        return JsonTree.object(reply.body(), "lock state");
    }

    /** Makes the staged edits one new version: its seq, or empty when nothing changed. */
    OptionalLong commit(String name) {
        String body = "{\"name\":" + quoted(name) + ",\"locked\":false}";
        Map<String, Object> reply = JsonTree.object(api.put("/lock", bytes(body)).body(), "commit reply");
        if (!(reply.get("committed") instanceof Map<?, ?> committed)) {
            return OptionalLong.empty();
        }
        if (!(committed.get("seq") instanceof Long seq)) {
            throw CtlFailure.failed("the server's commit reply has no seq");
        }
        return OptionalLong.of(seq);
    }

    void abort(String name) {
        api.delete("/lock?name=" + DocPath.encodeLiteral(name));
    }

    /** The staged document, or the value at {@code path} in it, as JSON. */
    byte[] staged(String name, String path) {
        return api.get(updatePath(name, path)).body();
    }

    void put(String name, String path, byte[] json) {
        api.put(updatePath(name, path), json);
    }

    void remove(String name, String path) {
        api.delete(updatePath(name, path));
    }

    private static String updatePath(String name, String path) {
        return "/update/" + DocPath.encodeLiteral(name) + "/" + DocPath.encode(path);
    }

    private static String quoted(String text) {
        return new String(JsonText.quote(text), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
