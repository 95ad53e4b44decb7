package io.yantar.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import io.yantar.crypto.KeyFiles;
import io.yantar.crypto.SigningKey;
import io.yantar.node.YantarNode;
import io.yantar.node.config.NodeConfigLoader;
import io.yantar.node.consensus.ConsensusReplicaPlugin;
import io.yantar.node.network.NetworkLayout;
import io.yantar.node.testing.Await;
import io.yantar.node.testing.TestNetworks;
import io.yantar.proto.SignedTransaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Four real validators; one client (from 127.0.0.2) floods node-1 with payments of one account
 * while another client (127.0.0.3) pays from another account through the same node. The
 * flooder meets its account's cap on pending payments (429 account-pending-limit) and then
 * its address's request rate (429 rate-limited), both with Retry-After; the other payment is
 * admitted and commits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FairAdmissionTest {
    private static final int PENDING_PER_ACCOUNT_MAX = 4;
    private static final int BURST = 10;
    private static final int FLOOD_REQUESTS = 30;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<YantarNode> nodes = new ArrayList<>();
    private NetworkLayout layout;

    @BeforeAll
    void startConsortium() throws IOException {
        layout = TestNetworks.generate(Files.createTempDirectory("yantar-fair-admission"), 4);
        Files.writeString(layout.nodeConfig("node-1"), """

                yantar.http.rate-limit { requests-per-second = 0.1, burst = %d }
                yantar.http.commit-wait-timeout = 90s
                yantar.http.request-timeout = 100s
                yantar.mempool.pending-per-account-max = %d
                """.formatted(BURST, PENDING_PER_ACCOUNT_MAX), StandardOpenOption.APPEND);
        for (int i = 1; i <= 4; i++) {
            nodes.add(YantarNode.start(NodeConfigLoader.load(layout.nodeConfig("node-" + i)), new ConsensusReplicaPlugin()));
        }
        for (YantarNode node : nodes) {
            // In process, not over HTTP: polling would spend node-1's small request budget.
            Await.until(node.nodeId() + " ready", () -> node.readiness().isReady(), READY_TIMEOUT);
        }
    }

    @AfterAll
    void stop() {
        nodes.forEach(YantarNode::close);
    }

    @Test
    void aFloodFromOneClientAndAccountLeavesRoomForOthers() throws Exception {
        SigningKey flooder = KeyFiles.read(layout.key("citizen-1"));
        SigningKey payer = KeyFiles.read(layout.key("citizen-2"));
        int port = nodes.get(0).httpPort();
        List<RawResponse> flood = new ArrayList<>();
        for (int i = 1; i <= FLOOD_REQUESTS; i++) {
            // Nonce 0 never comes, so every one of these stays pending: only the cap stops them.
            SignedTransaction payment = TestTransactions.transfer(flooder, "yantar-test", i, TestTransactions.address(payer), 1);
            flood.add(post("127.0.0.2", port, "/v1/transactions", JsonFormat.printer().print(payment)));
        }
        for (int i = 0; i < PENDING_PER_ACCOUNT_MAX; i++) {
            assertEquals(202, flood.get(i).status(), "payment " + i + " fits the account's cap: " + flood.get(i));
        }
        RawResponse capped = flood.get(PENDING_PER_ACCOUNT_MAX);
        assertEquals(429, capped.status(), capped.toString());
        assertEquals("account-pending-limit", JSON.readTree(capped.body()).path("code").asText(), capped.body());
        assertTrue(capped.retryAfterSeconds().orElse(0) >= 1, capped.toString());
        RawResponse limited = flood.get(FLOOD_REQUESTS - 1);
        assertEquals(429, limited.status(), limited.toString());
        assertEquals("rate-limited", JSON.readTree(limited.body()).path("code").asText(), limited.body());
        assertTrue(limited.retryAfterSeconds().orElse(0) >= 1, limited.toString());
        long rateLimited = flood.stream().filter(r -> r.body().contains("\"rate-limited\"")).count();
        // One token every 10 s: only a flood slower than that would earn more than a couple back.
        assertTrue(rateLimited >= FLOOD_REQUESTS - BURST - 2, "the requests beyond the burst are refused: " + rateLimited);

        SignedTransaction honest = TestTransactions.transfer(payer, "yantar-test", 0, TestTransactions.address(flooder), 5_00);
        RawResponse committed = post("127.0.0.3", port, "/v1/transactions?wait=commit", JsonFormat.printer().print(honest));
        assertEquals(200, committed.status(), committed.toString());
        JsonNode body = JSON.readTree(committed.body());
        assertEquals("committed", body.path("status").asText(), committed.body());
    }

    private record RawResponse(int status, Optional<Integer> retryAfterSeconds, String body) {
    }

    /** One HTTP/1.1 request over a socket bound to {@code fromAddress}, so the node sees another client. */
    private static RawResponse post(String fromAddress, int port, String path, String json) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(fromAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(150_000);
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int headEnd = response.indexOf("\r\n\r\n");
            String[] head = response.substring(0, headEnd).split("\r\n");
            Optional<Integer> retryAfter = Optional.empty();
            for (String header : head) {
                if (header.toLowerCase().startsWith("retry-after:")) {
                    retryAfter = Optional.of(Integer.parseInt(header.substring("retry-after:".length()).strip()));
                }
            }
            return new RawResponse(Integer.parseInt(head[0].split(" ")[1]), retryAfter, response.substring(headEnd + 4));
        }
    }
}
