package dev.lighthouse.http;

import dev.lighthouse.apply.Updates;
import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.store.Version;
import dev.lighthouse.tree.JsonPath;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;

/**
 * {@code PATCH /data/...}: the one-request atomic edit for scripts. Reads of
 * {@code /data} never reach Jersey; they are served by {@link ReadHandler}.
 */
@Path("/data{path: (/.*)?}")
public final class DataWriteResource {

    private final Updates updates;
    private final Bodies bodies;

    DataWriteResource(Updates updates, Bodies bodies) {
        this.updates = updates;
        this.bodies = bodies;
    }

    @PATCH
    public Response patch(@Context UriInfo uri, @HeaderParam("Content-Type") String contentType,
                          @HeaderParam("If-Match") String ifMatch, InputStream body,
                          @HeaderParam("Content-Length") Long length) {
        JsonPath path = JsonPath.fromUrl(RawPaths.after(uri, "/data"));
        String type = PatchBodies.patchType(contentType);
        Long expectedSeq = expectedSeq(ifMatch);
        Version committed = updates.patch(PatchBodies.edit(type, path, bodies.read(body, length == null ? -1 : length)),
                expectedSeq);
        return Replies.json(Representations.commit(committed));
    }

    /** {@code If-Match: "<seq>"}; {@code *} or no header means any version. */
    private static Long expectedSeq(String ifMatch) {
        if (ifMatch == null || ifMatch.trim().equals("*")) {
            return null;
        }
        String tag = ifMatch.trim();
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        if (!tag.matches("\\d{1,18}")) {
            throw new InvalidInput("If-Match must be a quoted version seq such as \"42\", not " + ifMatch);
        }
        return Long.parseLong(tag);
    }
}
