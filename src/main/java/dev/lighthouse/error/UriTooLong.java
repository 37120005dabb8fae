package dev.lighthouse.error;

/** The path exceeds the configured limit. */
public class UriTooLong extends LighthouseException {

    public UriTooLong(String detail) {
        super(detail);
    }

    @Override
    public int status() {
        return 414;
    }

    @Override
    public String type() {
        return "uri-too-long";
    }

    @Override
    public String title() {
        return "Request path too long";
    }
}
