package dev.lighthouse.error;

/** The request is malformed: bad JSON, bad path, bad duration, bad parameter. */
public class InvalidInput extends LighthouseException {

    public InvalidInput(String detail) {
        super(detail);
    }

    @Override
    public int status() {
        return 400;
    }

    @Override
    public String type() {
        return "invalid-input";
    }

    @Override
    public String title() {
        return "Invalid input";
    }
}
