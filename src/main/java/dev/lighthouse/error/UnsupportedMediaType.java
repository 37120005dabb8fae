package dev.lighthouse.error;

/** The body's content type is not one this request accepts. */
public class UnsupportedMediaType extends LighthouseException {

    public UnsupportedMediaType(String detail) {
        super(detail);
    }

    @Override
    public int status() {
        return 415;
    }

    @Override
    public String type() {
        return "unsupported-media-type";
    }

    @Override
    public String title() {
        return "Unsupported media type";
    }
}
