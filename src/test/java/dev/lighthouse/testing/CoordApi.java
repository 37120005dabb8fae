package dev.lighthouse.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;

/**
 * What the coordination tests repeat over {@link Api}: opening sessions, joining and leaving
 * groups, reading a group. Each takes the request to start from, so a test can add a token.
 */
public final class CoordApi {

    private CoordApi() {
    }

    /** {@code POST /sessions} with {@code body} (or none), the reply whatever its status. */
    public static Response openSession(RequestSpecification request, String body) {
        if (body != null) {
            request.contentType(Api.JSON).body(body.getBytes(StandardCharsets.UTF_8));
        }
        return request.post("/sessions");
    }

    /**
     * Opens a session with the longest ttl, which must succeed; its id. Nothing renews it, so it
     * must outlive any test on a slow machine once sessions expire.
     */
    public static String session(RequestSpecification request) {
        Response reply = openSession(request, "{\"ttl\":\"1h\"}");
        assertEquals(201, reply.statusCode(), () -> Api.text(reply));
        return Api.json(reply).get("id").asText();
    }

    /** {@code PUT /groups/{group}/members/{member}} with {@code body}, the reply whatever its status. */
    public static Response join(RequestSpecification request, String group, String member, String body) {
        return request.contentType(Api.JSON).body(body.getBytes(StandardCharsets.UTF_8))
                .put("/groups/" + group + "/members/" + member);
    }

    /** Joins with {@code session} and no limit or a {@code limit} &gt; 0, which must succeed; the reply. */
    public static JsonNode joinOk(RequestSpecification request, String group, String member, String session, int limit) {
        String body = "{\"session\":\"" + session + "\"" + (limit > 0 ? ",\"limit\":" + limit : "") + "}";
        Response reply = join(request, group, member, body);
        assertEquals(200, reply.statusCode(), () -> Api.text(reply));
        return Api.json(reply);
    }

    public static Response leave(RequestSpecification request, String group, String member, String session) {
        return request.delete("/groups/" + group + "/members/" + member + "?session=" + session);
    }

    /** {@code GET /groups/{group}}, which must succeed. */
    public static JsonNode group(RequestSpecification request, String group) {
        Response reply = request.get("/groups/" + group);
        assertEquals(200, reply.statusCode(), () -> Api.text(reply));
        return Api.json(reply);
    }

    /** The member names of a group object, in rank order, joined by spaces. */
    public static String names(JsonNode group) {
        StringBuilder out = new StringBuilder();
        group.get("members").forEach(m -> out.append(out.isEmpty() ? "" : " ").append(m.get("member").asText()));
        return out.toString();
    }
}
