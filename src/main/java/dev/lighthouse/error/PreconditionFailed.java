package dev.lighthouse.error;

/** A condition the client set does not hold (If-Match on a document that moved on). */
public class PreconditionFailed extends LighthouseException {

    public PreconditionFailed(String detail) {
        super(detail);
    }

    @Override
    public int status() {
        return 412;
    }

    @Override
    public String type() {
        return "precondition-failed";
    }

    @Override
    public String title() {
        return "Precondition failed";
    }
}
