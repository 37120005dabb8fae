package dev.lighthouse.error;

/**
 * Every problem type a client can meet, with its HTTP status and title: the one table the
 * exceptions and {@code http.ProblemWriter} read, and the one {@code docs/api.md} lists (a
 * test keeps the two equal). A type's status and title never vary; what varies is the
 * problem's detail and extension members, carried by the {@link LighthouseException}.
 */
public enum ProblemType {

    HTTPS_REQUIRED(400, "https-required", "HTTPS required"),
    INVALID_INPUT(400, "invalid-input", "Invalid input"),
    UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
    FORBIDDEN(403, "forbidden", "Forbidden"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
    LOCK_HELD(409, "lock-held", "Update lock held by another"),
    CONFLICT(409, "conflict", "Conflict with the current data"),
    LIMIT_EXCEEDED(409, "limit-exceeded", "Limit exceeded"),
    NO_LOCK(412, "no-lock", "No update lock held"),
    PRECONDITION_FAILED(412, "precondition-failed", "Precondition failed"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Request body too large"),
    URI_TOO_LONG(414, "uri-too-long", "Request path too long"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    TOO_MANY_WATCHERS(429, "too-many-watchers", "Too many watchers"),
    TOO_MANY_FAILED_LOGINS(429, "too-many-failed-logins", "Too many failed logins"),
    HEADERS_TOO_LARGE(431, "headers-too-large", "Request headers too large"),
    INTERNAL_ERROR(500, "internal-error", "Internal server error"),
    UNAVAILABLE(503, "unavailable", "Cluster unavailable"),
    NOT_SERVING(503, "not-serving", "Node not serving"),
    STORAGE_FAILURE(503, "storage-failure", "Storage failure"),
    INSUFFICIENT_STORAGE(507, "insufficient-storage", "Insufficient storage");

    private final int status;
    private final String type;
    private final String title;

    ProblemType(int status, String type, String title) {
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public int status() {
        return status;
    }

    /** Short kebab-case name, as docs/api.md lists it. */
    public String type() {
        return type;
    }

    /** The problem's {@code type} member: a relative URI. */
    public String uri() {
        return "/problems/" + type;
    }

    public String title() {
        return title;
    }

    /**
     * What an HTTP status raised by Jetty or Jersey themselves (an unknown route, a method a
     * resource lacks, a malformed URI, oversized headers) means as a problem, or null when the
     * table has no type for it (a 5xx among them: those are internal errors).
     */
    public static ProblemType ofHttpStatus(int status) {
        return switch (status) {
            case 400 -> INVALID_INPUT;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 431 -> HEADERS_TOO_LARGE;
            default -> null;
        };
    }
}
