package dev.lighthouse.error;

/** The request is malformed: bad JSON, bad path, bad duration, bad parameter. */
public class InvalidInput extends LighthouseException {

    public InvalidInput(String detail) {
        super(ProblemType.INVALID_INPUT, detail);
    }
}
