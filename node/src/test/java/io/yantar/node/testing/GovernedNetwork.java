package io.yantar.node.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.KeyFiles;
import io.yantar.crypto.SigningKey;
import io.yantar.node.http.TestTransactions;
import io.yantar.node.network.NetworkGenerator;
import io.yantar.node.network.NetworkLayout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * What the membership tests do to a generated network of real nodes on loopback: payments from
 * citizen-1 to citizen-2 through node-1, waited for until committed, and admin commands (the gov
 * admin proposes, the bank admin approves: the genesis threshold is 2) through node-1's admin
 * listener. Node N serves HTTP at {@code httpBase + N - 1}.
 */
public final class GovernedNetwork {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final NetworkLayout layout;
    private final String chainId;
    private final int httpBase;
    private final int adminPort;
    private final Duration timeout;

    public GovernedNetwork(NetworkLayout layout, String chainId, int httpBase, int adminPort, Duration timeout) {
        this.layout = layout;
        this.chainId = chainId;
        this.httpBase = httpBase;
        this.adminPort = adminPort;
        this.timeout = timeout;
    }

    /** One payment through node-1, waited for until committed (polled past the node's 10 s commit wait on a busy machine). */
    public void pay(long nonce) throws IOException, InterruptedException {
        SigningKey payer = KeyFiles.read(layout.key("citizen-1"));
        SigningKey payee = KeyFiles.read(layout.key("citizen-2"));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpBase + "/v1/transactions?wait=commit"))
                .header("Content-Type", "application/x-protobuf").timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Canonical.bytes(TestTransactions.transfer(payer, chainId, nonce,
                        TestTransactions.address(payee), 1_00)))).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(answer.statusCode() == 200 || answer.statusCode() == 504, "payment " + nonce + ": " + answer.body());
        String id = JSON.readTree(answer.body()).path("id").asText();
        Await.until("payment " + nonce + " committed", () -> "committed".equals(get(1, "/v1/transactions/" + id).path("status").asText()),
                timeout);
    }

    /** The gov admin proposes a change ({@code kind} and its options) and waits for it; returns the proposal's id. */
    public String propose(String kind, String... options) throws IOException {
        String[] args = new String[options.length + 5];
        args[0] = "propose";
        args[1] = kind;
        System.arraycopy(options, 0, args, 2, options.length);
        args[options.length + 2] = "--key";
        args[options.length + 3] = layout.key(NetworkGenerator.GOV_ADMIN).toString();
        args[options.length + 4] = "--wait";
        CliRun.Result proposed = admin(args);
        return JSON.readTree(proposed.out().substring(proposed.out().indexOf('{'))).path("id").asText();
    }

    /** The bank admin approves {@code proposal} and waits for it. */
    public void approve(String proposal) {
        admin("approve", proposal, "--key", layout.key(NetworkGenerator.BANK_ADMIN).toString(), "--wait");
    }

    /** {@code yantar admin ARGS} against node-1, which must exit 0. */
    public CliRun.Result admin(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "admin";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--node";
        all[args.length + 2] = "http://127.0.0.1:" + adminPort;
        all[args.length + 3] = "--api";
        all[args.length + 4] = "http://127.0.0.1:" + httpBase;
        CliRun.Result result = CliRun.run(all);
        assertEquals(0, result.code(), String.join(" ", all) + ": " + result.out() + result.err());
        return result;
    }

    public JsonNode get(int node, String path) {
        return LocalHttp.getJson(http, httpBase + node - 1, path);
    }
}
