package dev.lighthouse.error;

/** The body exceeds the configured limit. */
public class PayloadTooLarge extends LighthouseException {

    public PayloadTooLarge(String detail) {
        super(detail);
    }

    @Override
    public int status() {
        return 413;
    }

    @Override
    public String type() {
        return "payload-too-large";
    }

    @Override
    public String title() {
        return "Request body too large";
    }
}
