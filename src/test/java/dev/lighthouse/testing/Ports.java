package dev.lighthouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Free loopback ports for the few places a test must name a port before the server binds it
 * (cluster ports, which peers are told as seeds). HTTP servers bind port 0 and say which port
 * they got; nothing in the tests uses a fixed port. A port found free may still be taken by
 * another process before the node binds it; the node then fails to start, loudly, which is
 * rare enough on a test machine to accept.
 */
public final class Ports {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** FD_SOCK2 listens at the cluster port plus this offset; that port must be free as well. */
    private static final int FD_SOCK_OFFSET = 100;

    private Ports() {
    }

    /** A loopback port that was free when probed. */
    public static int free() {
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** A cluster port, free when probed along with its failure-detection port. */
    public static int cluster() {
        return cluster(1)[0];
    }

    /** {@code count} distinct cluster ports, each free when probed along with its failure-detection port. */
    public static int[] cluster(int count) {
        int[] ports = new int[count];
        Set<Integer> taken = new HashSet<>();
        for (int i = 0; i < count; i++) {
            for (int attempt = 0; ; attempt++) {
                if (attempt == 100) {
                    throw new IllegalStateException("found no free pair of cluster ports in 100 probes");
                }
                int port = free();
                int fdPort = port + FD_SOCK_OFFSET;
                if (fdPort > 65535 || taken.contains(port) || taken.contains(fdPort) || !isFree(fdPort)) {
                    continue;
                }
                taken.add(port);
                taken.add(fdPort);
                ports[i] = port;
                break;
            }
        }
        return ports;
    }

    private static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, LOOPBACK)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
