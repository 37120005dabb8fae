package dev.lighthouse.error;

/**
 * The request's form is refused before anything reads it as a Lighthouse request: a method
 * the URL does not answer, a body, path or headers over the limit, a media type, plain HTTP
 * on an HTTPS port. These are the statuses Jetty and Jersey also raise by themselves
 * ({@link ProblemType#ofHttpStatus}), so both kinds read the same.
 */
public final class RequestRefused extends LighthouseException {

    /** @throws IllegalArgumentException for a type that is not about the request's form */
    public RequestRefused(ProblemType problem, String detail) {
        super(problem, detail);
        if (problem != ProblemType.HTTPS_REQUIRED && ProblemType.ofHttpStatus(problem.status()) != problem) {
            throw new IllegalArgumentException(problem + " carries members of its own; use its own exception");
        }
    }
}
