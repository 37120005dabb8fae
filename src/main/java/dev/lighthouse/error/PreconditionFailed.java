package dev.lighthouse.error;

/** A condition the client set does not hold (If-Match on a document that moved on). */
public class PreconditionFailed extends LighthouseException {

    public PreconditionFailed(String detail) {
        super(ProblemType.PRECONDITION_FAILED, detail);
    }
}
