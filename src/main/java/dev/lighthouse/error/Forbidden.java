package dev.lighthouse.error;

/** The caller may not do this (for instance, write from a non-loopback address without access control). */
public class Forbidden extends LighthouseException {

    public Forbidden(String detail) {
        super(ProblemType.FORBIDDEN, detail);
    }
}
