package io.yantar.node.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.KeyFiles;
import io.yantar.crypto.SigningKey;
import io.yantar.node.http.TestTransactions;
import io.yantar.node.network.NetworkLayout;
import io.yantar.node.testing.FreePorts;
import io.yantar.node.testing.TestNetworks;
import io.yantar.proto.Genesis;
import io.yantar.proto.SignedTransaction;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calibration of the bank test: with the Byzantine share past f (two twins at n = 4) the
 * consortium can fork, and the checker must say so. Two sides that never meet: A = node-1,
 * node-2, node-3; B = a twin of node-1, a twin of node-2 (same validator keys, other ports and
 * journals) and node-4. Each side holds 3 of 4 signatures, a quorum, so each commits its own
 * spend of citizen-1's nonce 0. The sides are kept apart by their seed-node lists (two Pekko
 * clusters on loopback that never learn of each other), which is a partition from the first
 * message on.
 */
class TwinForkCalibrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(150);

    @TempDir
    Path dir;

    @Test
    void twoTwinsAtFourValidatorsForkAndTheCheckerReportsIt() throws Exception {
        NetworkLayout layout = TestNetworks.generate(dir, 4);
        Genesis genesis = Genesis.parseFrom(Files.readAllBytes(layout.genesisBinary()));
        int twinPorts = FreePorts.consecutive(4);
        String sideA = seeds(layout, 1, 2, 3);
        String sideB = "[\"127.0.0.1:" + twinPorts + "\", \"127.0.0.1:" + (twinPorts + 1) + "\", " + seedOf(layout, 4) + "]";
        try (ProcessConsortium consortium = new ProcessConsortium(layout)) {
            for (int i = 1; i <= 3; i++) {
                Path config = layout.nodeConfig("node-" + i);
                ProcessConsortium.appendTo(config, "yantar.cluster.seed-nodes = " + sideA);
                consortium.add("node-" + i, config);
            }
            Path node4 = layout.nodeConfig("node-4");
            ProcessConsortium.appendTo(node4, "yantar.cluster.seed-nodes = " + sideB);
            NodeProcess honestB = consortium.add("node-4", node4);
            for (int twin = 1; twin <= 2; twin++) {
                Path config = layout.root().resolve("twin-" + twin + ".conf");
                Files.copy(layout.nodeConfig("node-" + twin), config);
                ProcessConsortium.appendTo(config, "yantar.data-dir = \"data/twin-" + twin + "\"\n"
                        + "yantar.cluster.port = " + (twinPorts + twin - 1) + "\n"
                        + "yantar.http.port = " + (twinPorts + 1 + twin) + "\n"
                        + "yantar.cluster.seed-nodes = " + sideB);
                consortium.add("twin-" + twin, config);
            }
            consortium.startAll();
            consortium.awaitReady(consortium.nodes(), READY_TIMEOUT);

            SigningKey payer = KeyFiles.read(layout.key("citizen-1"));
            SigningKey payee = KeyFiles.read(layout.key("citizen-2"));
            SignedTransaction spendA = TestTransactions.transfer(payer, genesis.getChainId(), 0, TestTransactions.address(payee), 1_00);
            SignedTransaction spendB = TestTransactions.transfer(payer, genesis.getChainId(), 0, TestTransactions.address(payee), 2_00);
            NodeProcess honestA = consortium.node(1);
            assertCommitted(honestA.http(), spendA);
            assertCommitted(honestB.http(), spendB);

            BankChecker checker = new BankChecker(genesis, CryptoSuites.ed25519());
            List<NodeLedger> ledgers = List.of(NodeLedger.fetch("node-1", honestA.http(), checker.genesisAccounts()),
                    NodeLedger.fetch("node-4", honestB.http(), checker.genesisAccounts()));
            List<Acknowledged> acknowledged = List.of(
                    new Acknowledged(TestTransactions.id(payer, spendA), "citizen-1", 0, "citizen-2", 1_00, 0),
                    new Acknowledged(TestTransactions.id(payer, spendB), "citizen-1", 0, "citizen-2", 2_00, 0));
            BankChecker.Verdict verdict = checker.check(ledgers, acknowledged);
            System.out.println("calibration verdict: " + verdict);
            assertFalse(verdict.passed(), "two twins at n = 4 must be reported");
            assertTrue(verdict.violations().stream().anyMatch(v -> v.startsWith("fork at height 1")), verdict.violations().toString());
            assertTrue(verdict.violations().stream().anyMatch(v -> v.contains("acknowledged payment") && v.contains("not in its ledger")),
                    verdict.violations().toString());
        }
    }

    private static void assertCommitted(URI node, SignedTransaction payment) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(node.resolve("/v1/transactions?wait=commit"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Canonical.bytes(payment))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), node + ": " + answer.body());
        assertTrue(JSON.readTree(answer.body()).path("receipt").path("success").asBoolean(), answer.body());
    }

    private static String seeds(NetworkLayout layout, int... nodes) throws Exception {
        StringBuilder list = new StringBuilder("[");
        for (int node : nodes) {
            list.append(list.length() > 1 ? ", " : "").append(seedOf(layout, node));
        }
        return list.append("]").toString();
    }

    private static String seedOf(NetworkLayout layout, int node) {
        com.typesafe.config.Config config = com.typesafe.config.ConfigFactory.parseFile(layout.nodeConfig("node-" + node).toFile());
        return "\"" + config.getString("yantar.cluster.host") + ":" + config.getInt("yantar.cluster.port") + "\"";
    }
}
