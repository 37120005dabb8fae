package dev.lighthouse.client;

/** {@link ClientAccessTest} with a short-lived client: request/reply calls over HttpURLConnection. */
class ClientAccessShortLivedTest extends ClientAccessTest {

    @Override
    LighthouseClient.Builder builder() {
        return LighthouseClient.builder().shortLived();
    }
}
