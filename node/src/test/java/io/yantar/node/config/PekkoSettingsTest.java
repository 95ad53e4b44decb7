package io.yantar.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.yantar.crypto.CryptoSuites;
import io.yantar.node.network.NetworkGenerator;
import io.yantar.node.network.NetworkLayout;
import io.yantar.node.network.NetworkSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * O4: the first seed node, restarted while the others ran, formed a cluster of its own after 2 s
 * without an answer. Over its own earlier state it now waits {@value PekkoSettings#RESTARTED_FIRST_SEED_TIMEOUT}.
 */
class PekkoSettingsTest {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void aRestartedFirstSeedWaitsLongForTheOthersBeforeFormingAClusterAlone() throws IOException {
        NetworkLayout layout = new NetworkLayout(dir.resolve("network"));
        new NetworkGenerator(CryptoSuites.ed25519(), new SecureRandom()).generate(layout,
                new NetworkSpec("yantar-test", 4, 0, "127.0.0.1", 31000, 31100, NetworkSpec.DEFAULT_TREASURY_KOPECKS,
                        NetworkSpec.DEFAULT_CITIZEN_KOPECKS, false), 1_790_000_000_000L);
        NodeConfig first = NodeConfigLoader.load(layout.nodeConfig("node-1"));
        NodeConfig second = NodeConfigLoader.load(layout.nodeConfig("node-2"));

        assertEquals(Duration.ofSeconds(1), seedNodeTimeout(first), "a consortium's first start forms quickly");

        Files.createDirectories(first.dataDir());
        Files.writeString(first.dataDir().resolve("journal.mv.db"), "state from before");
        Files.createDirectories(second.dataDir());
        Files.writeString(second.dataDir().resolve("journal.mv.db"), "state from before");

        assertEquals(Duration.ofSeconds(60), seedNodeTimeout(first), "restarted, the first seed waits for the running cluster");
        assertEquals(Duration.ofSeconds(1), seedNodeTimeout(second), "other seeds never form a cluster: nothing changes");
    }

    private static Duration seedNodeTimeout(NodeConfig node) {
        return PekkoSettings.forNode(node).getDuration("pekko.cluster.seed-node-timeout");
    }
}
