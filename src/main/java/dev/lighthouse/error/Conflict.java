package dev.lighthouse.error;

/** The request is well formed but cannot apply to the current data (a failed JSON Patch test, a value where a container is needed). */
public class Conflict extends LighthouseException {

    public Conflict(String detail) {
        super(ProblemType.CONFLICT, detail);
    }
}
