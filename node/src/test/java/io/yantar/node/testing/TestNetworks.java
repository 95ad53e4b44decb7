package io.yantar.node.testing;

import io.yantar.crypto.CryptoSuites;
import io.yantar.node.network.NetworkGenerator;
import io.yantar.node.network.NetworkLayout;
import io.yantar.node.network.NetworkSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.security.SecureRandom;

/** Generates a real network folder (keys, genesis, node files) on free loopback ports. */
public final class TestNetworks {
    private TestNetworks() {
    }

    public static NetworkLayout generate(Path root, int validators) throws IOException {
        int ports = FreePorts.consecutive(2 * validators);
        NetworkSpec spec = new NetworkSpec("yantar-test", validators, 2, "127.0.0.1", ports, ports + validators,
                NetworkSpec.DEFAULT_TREASURY_KOPECKS, NetworkSpec.DEFAULT_CITIZEN_KOPECKS);
        NetworkLayout layout = new NetworkLayout(root);
        new NetworkGenerator(CryptoSuites.ed25519(), new SecureRandom()).generate(layout, spec, 1_790_000_000_000L);
        for (int i = 1; i <= validators; i++) {
            // The generated admin port (HTTP + 100) is not among the free ports reserved here: let the OS pick one.
            Files.writeString(layout.nodeConfig("node-" + i), "\nyantar.admin.port = 0\n", StandardOpenOption.APPEND);
        }
        return layout;
    }
}
