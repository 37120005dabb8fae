package dev.lighthouse.http;

import dev.lighthouse.error.LighthouseException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Every exception leaving a Jersey resource becomes a problem body here, through {@link ProblemWriter}. */
final class ProblemMapper implements ExceptionMapper<Throwable> {

    @Override
    public Response toResponse(Throwable error) {
        if (error instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            Response original = web.getResponse();
            int status = original.getStatus();
            Response.ResponseBuilder reply = Response.status(status)
                    .entity(ProblemWriter.forStatus(status, detail(status, web)))
                    .type(ProblemWriter.MEDIA_TYPE);
            String allow = original.getHeaderString(HttpHeaders.ALLOW);
            return allow == null ? reply.build() : reply.header(HttpHeaders.ALLOW, allow).build();
        }
        LighthouseException problem = ProblemWriter.problemFor(error);
        Response.ResponseBuilder reply = Response.status(problem.status()).entity(ProblemWriter.body(problem))
                .type(ProblemWriter.MEDIA_TYPE);
        problem.headers().forEach(reply::header);
        return reply.build();
    }

    private static String detail(int status, WebApplicationException error) {
        return switch (status) {
            case 404 -> "no such resource; see docs/api.md for the URLs this server answers";
            case 405 -> "this resource does not answer that method";
            default -> error.getMessage() == null ? "HTTP " + status : error.getMessage();
        };
    }
}
