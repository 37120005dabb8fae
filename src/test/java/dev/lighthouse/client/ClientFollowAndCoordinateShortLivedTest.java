package dev.lighthouse.client;

/** {@link ClientFollowAndCoordinateTest} with a short-lived client: request/reply calls over HttpURLConnection. */
class ClientFollowAndCoordinateShortLivedTest extends ClientFollowAndCoordinateTest {

    @Override
    LighthouseClient.Builder builder() {
        return LighthouseClient.builder().shortLived();
    }
}
