package dev.lighthouse.error;

import java.util.Map;

/** Nothing at the path; {@code path} names the prefix up to the first missing segment. */
public class NotFound extends LighthouseException {

    private final String path;

    /** @param path the first missing prefix, or null when the problem is about no document path */
    public NotFound(String detail, String path) {
        super(ProblemType.NOT_FOUND, detail);
        this.path = path;
    }

    @Override
    public Map<String, Object> extensions() {
        return path == null ? Map.of() : Map.of("path", path);
    }
}
