package dev.lighthouse.http;

import dev.lighthouse.coord.Fence;
import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.error.LighthouseException;
import dev.lighthouse.security.Principal;
import dev.lighthouse.tree.JsonPath;
import java.util.List;

/**
 * The {@code Lighthouse-Fence: <group>/<member>=<token>} header of a fenced write ({@code PATCH
 * /data/...} and the commit {@code PUT /lock}). The group and member are written as in the URL
 * {@code /groups/{group}/members/{member}} (percent-encoded segments), the token as the decimal
 * the join reply gave; the write then applies only if that member holds with that token when it
 * does.
 */
final class Fences {

    static final String HEADER = "Lighthouse-Fence";
    private static final String FORM = HEADER + " is <group>/<member>=<token>, as in"
            + " /groups/{group}/members/{member} and the token a join replied with";

    private Fences() {
    }

    /**
     * The fence the request carries, or null without one. The caller must be able to read the
     * group: a refused fence's detail tells who holds with which token.
     *
     * @param values every value of the header the request carries
     * @throws InvalidInput   for a malformed header, or more than one
     * @throws LighthouseException (401/403) when the caller may not read the group
     */
    static Fence of(List<String> values, Principal caller) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new InvalidInput("one " + HEADER + " per write, not " + values.size());
        }
        Fence fence = parse(values.get(0));
        caller.requireRead(fence.group());
        return fence;
    }

    static Fence parse(String header) {
        String text = header.trim();
        int equals = text.lastIndexOf('=');
        if (equals <= 0) {
            throw new InvalidInput(FORM + "; not '" + text + "'");
        }
        String token = text.substring(equals + 1).trim();
        if (token.isEmpty() || token.length() > 18 || !token.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidInput(FORM + "; the token must be a non-negative integer, not '" + token + "'");
        }
        JsonPath path;
        try {
            path = JsonPath.fromUrl(text.substring(0, equals).trim());
        } catch (InvalidInput e) {
            throw new InvalidInput(HEADER + ": " + e.detail());
        }
        if (path.size() < 2) {
            throw new InvalidInput(FORM + "; '" + text + "' names no member");
        }
        JsonPath group = path.prefix(path.size() - 1);
        for (int i = 0; i < group.size(); i++) {
            if (group.segment(i).equals(GroupTarget.MEMBERS)) {
                throw new InvalidInput(FORM + "; no segment of a group's name may be '" + GroupTarget.MEMBERS + "'");
            }
        }
        return new Fence(group, path.last(), Long.parseLong(token));
    }
}
