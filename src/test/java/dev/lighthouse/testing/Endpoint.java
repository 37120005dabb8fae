package dev.lighthouse.testing;

import io.restassured.specification.RequestSpecification;

/** A Lighthouse node's HTTP API as a test reaches it: a node in this JVM or a {@code bin/lighthouse} process. */
public interface Endpoint {

    /** The base URL, {@code http://127.0.0.1:port}. */
    String url();

    /** A REST Assured request against this node; see {@link Api}. */
    default RequestSpecification http() {
        return Api.at(url());
    }
}
