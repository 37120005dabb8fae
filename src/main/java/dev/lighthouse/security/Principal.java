package dev.lighthouse.security;

import dev.lighthouse.error.Forbidden;
import dev.lighthouse.error.Unauthorized;
import dev.lighthouse.tree.JsonPath;
import java.util.List;

/**
 * The caller of one request and what it may touch.
 *
 * @param name          the token's name (or {@code key:<prefix>} for a derived key), recorded as who
 *                      made versions and owns the lock; null when nobody authenticated
 * @param grants        what it may read and write
 * @param authenticated whether a token was presented and accepted: a refusal is then 403, and
 *                      401 (present a token) otherwise
 * @param openRefusal   without access control, why a request is refused (403: no token would help);
 *                      null when access control is on
 */
public record Principal(String name, List<Grant> grants, boolean authenticated, String openRefusal) {

    private static final List<Grant> EVERYTHING = List.of(new Grant(JsonPath.ROOT, true, true));
    private static final List<Grant> READ_EVERYTHING = List.of(new Grant(JsonPath.ROOT, true, false));

    /** {@code /health} and {@code /metrics} while they are open to probes without a token. */
    public static final Principal PROBE = new Principal(null, READ_EVERYTHING, false, null);

    /** No access control, a loopback client: reads and writes everything, as the SPEC's default. */
    static final Principal OPEN_LOOPBACK = new Principal(null, EVERYTHING, false, null);

    /** No access control, any other client: reads only. */
    static final Principal OPEN_REMOTE = new Principal(null, READ_EVERYTHING, false,
            "without access control configured, writes are accepted from loopback only");

    public Principal {
        grants = List.copyOf(grants);
    }

    /** Without access control: everything for a loopback client, reads only for others. */
    public static Principal open(boolean loopback) {
        return loopback ? OPEN_LOOPBACK : OPEN_REMOTE;
    }

    /** Access control is on and no token came: only {@code publicRead} paths. */
    static Principal anonymous(List<Grant> publicRead) {
        return new Principal(null, publicRead, false, null);
    }

    public boolean mayRead(JsonPath path) {
        for (Grant grant : grants) {
            if (grant.read() && grant.covers(path)) {
                return true;
            }
        }
        return false;
    }

    public boolean mayWrite(JsonPath path) {
        for (Grant grant : grants) {
            if (grant.write() && grant.covers(path)) {
                return true;
            }
        }
        return false;
    }

    /** Whether some write grant lies strictly below {@code path}. */
    boolean writesBelow(JsonPath path) {
        for (Grant grant : grants) {
            if (grant.write() && grant.prefix().size() > path.size() && path.isPrefixOf(grant.prefix())) {
                return true;
            }
        }
        return false;
    }

    /** @throws Unauthorized or {@link Forbidden} unless a read grant covers {@code path} */
    public void requireRead(JsonPath path) {
        if (!mayRead(path)) {
            throw refused("read", path);
        }
    }

    /** @throws Unauthorized or {@link Forbidden} unless a write grant covers {@code path} */
    public void requireWrite(JsonPath path) {
        if (!mayWrite(path)) {
            throw refused("write", path);
        }
    }

    /** For requests about the store rather than a path in it ({@code /version}, {@code GET /lock}). */
    public void requireSomeRead() {
        if (grants.stream().noneMatch(Grant::read)) {
            throw refused("read", null);
        }
    }

    /** For probes once the operator closed them: any valid token, whatever its grants. */
    public void requireToken() {
        boolean anonymous = !authenticated && this != PROBE && this != OPEN_LOOPBACK && this != OPEN_REMOTE;
        if (anonymous) {
            throw new Unauthorized("this needs an access token (Authorization: Bearer <token>)");
        }
    }

    /** For taking or giving up the lock, which guards every path: a write grant somewhere. */
    public void requireSomeWrite() {
        if (grants.stream().noneMatch(Grant::write)) {
            throw refused("write", null);
        }
    }

    private RuntimeException refused(String what, JsonPath path) {
        String where = path == null ? "" : " " + (path.isRoot() ? "/" : path.pointer());
        if (openRefusal != null) {
            return new Forbidden(openRefusal);
        }
        if (!authenticated) {
            return new Unauthorized("to " + what + where + ", send an access token (Authorization: Bearer <token>)");
        }
        return new Forbidden("'" + name + "' has no " + what + " grant covering" + (where.isEmpty() ? " any path" : where)
                + "; its grants: " + describeGrants());
    }

    private String describeGrants() {
        if (grants.isEmpty()) {
            return "none";
        }
        StringBuilder text = new StringBuilder();
        for (Grant grant : grants) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(grant.prefixText()).append(' ')
                    .append(grant.read() && grant.write() ? "read+write" : grant.read() ? "read" : "write");
        }
        return text.toString();
    }
}
