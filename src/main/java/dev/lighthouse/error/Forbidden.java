package dev.lighthouse.error;

/** The caller may not do this (for instance, write from a non-loopback address without access control). */
public class Forbidden extends LighthouseException {

    public Forbidden(String detail) {
        super(detail);
    }

    @Override
    public int status() {
        return 403;
    }

    @Override
    public String type() {
        return "forbidden";
    }

    @Override
    public String title() {
        return "Forbidden";
    }
}
