package dev.lighthouse.error;

/** The resource exists but does not answer this method. */
public class MethodNotAllowed extends LighthouseException {

    public MethodNotAllowed(String detail) {
        super(detail);
    }

    @Override
    public int status() {
        return 405;
    }

    @Override
    public String type() {
        return "method-not-allowed";
    }

    @Override
    public String title() {
        return "Method not allowed";
    }
}
