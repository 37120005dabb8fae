package dev.lighthouse.error;

/** The request is well formed but cannot apply to the current data (a failed JSON Patch test, a value where a container is needed). */
public class Conflict extends LighthouseException {

    public Conflict(String detail) {
        super(detail);
    }

    @Override
    public int status() {
        return 409;
    }

    @Override
    public String type() {
        return "conflict";
    }

    @Override
    public String title() {
        return "Conflict with the current data";
    }
}
