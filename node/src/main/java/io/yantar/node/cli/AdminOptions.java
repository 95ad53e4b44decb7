package io.yantar.node.cli;

import com.google.protobuf.ByteString;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.Hex;
import io.yantar.crypto.SignatureDomain;
import io.yantar.crypto.SigningKey;
import io.yantar.node.http.AdminRequestSigning;
import io.yantar.proto.Governance;
import io.yantar.proto.SignedTransaction;
import io.yantar.proto.Transaction;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What the {@code yantar admin} commands share: the admin's key, the node's admin listener
 * ({@code --node}) and its public API ({@code --api}, for the chain id and the admin's next
 * nonce unless given). Every request to the admin listener is signed by the key
 * ({@link AdminRequestSigning}); a governance change is also a transaction signed by it.
 */
final class AdminOptions {
    static final String DEFAULT_ADMIN_NODE = "http://127.0.0.1:8181";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final String PROTOBUF = "application/x-protobuf";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "The admin's private key file (PEM PKCS#8).")
    Path keyFile;

    @Option(names = "--node", defaultValue = DEFAULT_ADMIN_NODE, paramLabel = "URL",
            description = "The node's admin listener (yantar.admin; default: ${DEFAULT-VALUE}).")
    String node;

    @Option(names = "--api", defaultValue = NodeClient.DEFAULT_NODE, paramLabel = "URL",
            description = "The node's public API, for the chain id and the admin's nonce (default: ${DEFAULT-VALUE}).")
    String api;

    @Option(names = "--chain-id", paramLabel = "ID", description = "The network's chain id (default: from --api).")
    String chainId;

    @Option(names = "--nonce", paramLabel = "N", description = "The admin's next nonce (default: from --api).")
    Long nonce;

    @Option(names = "--wait", description = "Wait until the transaction commits and print the proposal.")
    boolean await;

    private SigningKey key;
    private NodeClient admin;
    private NodeClient publicApi;

    SigningKey key() {
        if (key == null) {
            key = ClientKeys.read(keyFile);
        }
        return key;
    }

    /** A signed request to the admin listener; refusals become a {@link UserError} naming the code. */
    NodeClient.Answer request(String method, String pathAndQuery, byte[] body) {
        long now = System.currentTimeMillis();
        byte[] signed = AdminRequestSigning.signedBytes(key().suite(), chain(), method, pathAndQuery, now, body);
        NodeClient.Answer answer = adminClient().send(method, pathAndQuery, PROTOBUF, body, Map.of(
                AdminRequestSigning.KEY_HEADER, Hex.encode(key().publicKey()),
                AdminRequestSigning.TIMESTAMP_HEADER, Long.toString(now),
                AdminRequestSigning.SIGNATURE_HEADER, Hex.encode(key().sign(SignatureDomain.ADMIN_REQUEST, signed))));
        if (answer.status() >= 400 || answer.isProblem()) {
            throw new UserError("refused: " + answer.problem());
        }
        return answer;
    }

    /** Signs {@code change} as a GOVERNANCE transaction and posts it to {@code path}; prints the answer. */
    int submit(String path, Governance change) {
        if (nonce != null && nonce < 0) {
            throw new ParameterException(spec.commandLine(), "--nonce must be 0 or more (was " + nonce + ")");
        }
        long next = nonce != null ? nonce
                : publicApi().getJson("/v1/accounts/" + ClientKeys.addressText(key())).path("nonce").asLong();
        byte[] transaction = Canonical.bytes(Transaction.newBuilder()
                .setChainId(chain())
                .setSenderPublicKey(ByteString.copyFrom(key().publicKey()))
                .setNonce(next)
                .setGovernance(change)
                .build());
        byte[] payload = Canonical.bytes(SignedTransaction.newBuilder()
                .setTransaction(ByteString.copyFrom(transaction))
                .setSignature(ByteString.copyFrom(key().sign(SignatureDomain.TRANSACTION, transaction)))
                .build());
        NodeClient.Answer answer = request("POST", path + (await ? "?wait=commit" : ""), payload);
        if (answer.status() == 504) {
            throw new UserError("still pending: " + answer.json().path("detail").asText());
        }
        spec.commandLine().getOut().println(answer.json().toPrettyString());
        return YantarCli.EXIT_OK;
    }

    private String chain() {
        if (chainId == null) {
            chainId = publicApi().getJson("/v1/status").path("chainId").asText();
        }
        return chainId;
    }

    private NodeClient adminClient() {
        if (admin == null) {
            admin = new NodeClient(url("--node", node), REQUEST_TIMEOUT);
        }
        return admin;
    }

    private NodeClient publicApi() {
        if (publicApi == null) {
            publicApi = new NodeClient(url("--api", api), REQUEST_TIMEOUT);
        }
        return publicApi;
    }

    private URI url(String option, String text) {
        try {
            return NodeClient.parseNodeUrl(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage().replace("--node", option));
        }
    }
}
