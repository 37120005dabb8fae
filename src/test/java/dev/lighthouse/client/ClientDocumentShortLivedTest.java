package dev.lighthouse.client;

/** {@link ClientDocumentTest} with a short-lived client: request/reply calls over HttpURLConnection. */
class ClientDocumentShortLivedTest extends ClientDocumentTest {

    @Override
    LighthouseClient.Builder builder() {
        return LighthouseClient.builder().shortLived();
    }
}
