package dev.lighthouse.http;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Gives a HEAD reply the Content-Length its GET would have. Jersey answers
 * HEAD by running the GET method and dropping the entity, after which Jetty
 * would announce {@code Content-Length: 0}, which RFC 9110 (8.6) forbids.
 * Our replies are byte arrays, so the length is known before anything is written.
 */
final class HeadContentLength implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (HttpMethod.HEAD.equals(request.getMethod()) && response.getEntity() instanceof byte[] body) {
            response.getHeaders().putSingle(HttpHeaders.CONTENT_LENGTH, body.length);
        }
    }
}
