package dev.lighthouse.config;

import java.net.InetSocketAddress;

/** A peer's cluster address as written in flags, the conf file and data.d's member list: HOST:PORT. */
public final class HostPort {

    private HostPort() {
    }

    /**
     * @throws IllegalArgumentException naming the text when it is not HOST:PORT with a port 1..65535
     */
    public static InetSocketAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        String port = colon < 0 ? "" : text.substring(colon + 1);
        if (colon <= 0 || !port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT with a port 1..65535");
        }
        return InetSocketAddress.createUnresolved(text.substring(0, colon), Integer.parseInt(port));
    }
}
