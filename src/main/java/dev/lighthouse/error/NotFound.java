package dev.lighthouse.error;

import java.util.Map;

/** Nothing at the path; {@code path} names the prefix up to the first missing segment. */
public class NotFound extends LighthouseException {

    private final String path;

    public NotFound(String detail, String path) {
        super(detail);
        this.path = path;
    }

    @Override
    public int status() {
        return 404;
    }

    @Override
    public String type() {
        return "not-found";
    }

    @Override
    public String title() {
        return "Not found";
    }

    @Override
    public Map<String, Object> extensions() {
        return path == null ? Map.of() : Map.of("path", path);
    }
}
