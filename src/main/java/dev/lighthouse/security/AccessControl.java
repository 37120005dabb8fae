package dev.lighthouse.security;

import dev.lighthouse.error.Unauthorized;
import java.util.Locale;

/**
 * Turns each request's {@code Authorization} header and address into a {@link Principal}, under
 * the access rules in force now. The rules are swapped whole on reload, so a request sees either
 * the old rules or the new ones, never a mix.
 */
public final class AccessControl {

    /** Invalid tokens one address may present per window before it is refused for the rest of it. */
    static final int MAX_FAILED_LOGINS = 10;
    static final long FAILED_LOGIN_WINDOW_SECONDS = 60;
    private static final String BEARER = "bearer ";

    private volatile AccessPolicy policy;
    private final AuthFailures failures = new AuthFailures(MAX_FAILED_LOGINS, FAILED_LOGIN_WINDOW_SECONDS);

    /** @param policy the rules, or null for none (reads open, writes from loopback only) */
    public AccessControl(AccessPolicy policy) {
        this.policy = policy;
    }

    public boolean enabled() {
        return policy != null;
    }

    /** Whether {@code /health} and {@code /metrics} answer without a token. */
    public boolean openProbes() {
        AccessPolicy current = policy;
        return current == null || current.openProbes();
    }

    public void replace(AccessPolicy next) {
        policy = next;
    }

    /**
     * @param authorization the header's value, or null
     * @param address       the client's address, the unit failed logins are counted in
     * @param loopback      whether the client is on this host (decides writes without access control)
     * @throws Unauthorized for a malformed header or an unknown token (never echoing it)
     * @throws dev.lighthouse.error.TooManyFailedLogins when the address guessed too often lately
     */
    public Principal principal(String authorization, String address, boolean loopback) {
        AccessPolicy current = policy;
        if (current == null) {
            return Principal.open(loopback);
        }
        if (authorization == null) {
            return current.anonymous();
        }
        failures.check(address);
        if (authorization.length() <= BEARER.length()
                || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            failures.record(address);
            throw new Unauthorized("the Authorization header must be 'Bearer <token>'");
        }
        Principal principal = current.authenticate(authorization.substring(BEARER.length()).strip());
        if (principal == null) {
            failures.record(address);
            throw new Unauthorized("the access token is not valid");
        }
        return principal;
    }
}
