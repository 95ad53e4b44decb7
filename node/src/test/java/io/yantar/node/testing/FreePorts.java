package io.yantar.node.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds a block of consecutive loopback ports that are free right now (for generated networks in
 * tests). Only below Linux's ephemeral range (32768-60999): a port in it can be taken at any
 * moment by an outgoing connection (HTTP clients, JDBC), between the check and the bind.
 */
public final class FreePorts {
    private static final int EPHEMERAL_BELOW = 32_768;
    private static final int RANGE = 12_000;

    private FreePorts() {
    }

    public static int consecutive(int count) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(EPHEMERAL_BELOW - RANGE, EPHEMERAL_BELOW - count);
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("no block of " + count + " free ports found");
    }

    private static boolean allFree(int base, int count) {
        for (int port = base; port < base + count; port++) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException inUse) {
                return false;
            }
        }
        return true;
    }
}
