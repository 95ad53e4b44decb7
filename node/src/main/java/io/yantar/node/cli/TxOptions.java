package io.yantar.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.Hex;
import io.yantar.crypto.SignatureDomain;
import io.yantar.crypto.SigningKey;
import io.yantar.proto.SignedTransaction;
import io.yantar.proto.Transaction;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every {@code yantar tx} command shares: the sender's key, the node, nonce and chain id
 * (fetched from the node unless given), the memo, and {@code --wait}. Signs the transaction,
 * submits it as protobuf and prints its id (and with {@code --wait} the committed status with
 * its receipt as JSON).
 */
final class TxOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Mixin
    NodeOption node;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "The sender's private key file (PEM PKCS#8).")
    Path keyFile;

    @Option(names = "--nonce", paramLabel = "N", description = "The sender's next nonce (default: fetched from the node).")
    Long nonce;

    @Option(names = "--memo", defaultValue = "", paramLabel = "TEXT", description = "A note stored with the transaction (at most 256 bytes).")
    String memo;

    @Option(names = "--chain-id", paramLabel = "ID", description = "The network's chain id (default: the node's, from GET /v1/status).")
    String chainId;

    @Option(names = "--wait", description = "Wait until the transaction commits and print its receipt as JSON.")
    boolean await;

    private SigningKey key;

    /** The sender's key, read once; its suite is the network's (addresses are parsed and formatted with it). */
    SigningKey senderKey() {
        if (key == null) {
            key = ClientKeys.read(keyFile);
        }
        return key;
    }

    /** Signs and submits a transaction with {@code kind} set; returns the exit code. */
    int send(java.util.function.Consumer<Transaction.Builder> kind) {
        if (nonce != null && nonce < 0) {
            throw new ParameterException(spec.commandLine(), "--nonce must be 0 or more (was " + nonce + ")");
        }
        SigningKey key = senderKey();
        NodeClient client = node.client();
        String chain = chainId != null ? chainId : client.getJson("/v1/status").path("chainId").asText();
        long next = nonce != null ? nonce : client.getJson("/v1/accounts/" + ClientKeys.addressText(key)).path("nonce").asLong();
        Transaction.Builder transaction = Transaction.newBuilder()
                .setChainId(chain)
                .setSenderPublicKey(ByteString.copyFrom(key.publicKey()))
                .setNonce(next)
                .setMemo(memo);
        kind.accept(transaction);
        byte[] transactionBytes = Canonical.bytes(transaction.build());
        SignedTransaction signed = SignedTransaction.newBuilder()
                .setTransaction(ByteString.copyFrom(transactionBytes))
                .setSignature(ByteString.copyFrom(key.sign(SignatureDomain.TRANSACTION, transactionBytes)))
                .build();
        byte[] payload = Canonical.bytes(signed);
        String id = Hex.encode(key.suite().hash(payload));
        PrintWriter out = spec.commandLine().getOut();
        NodeClient.Answer answer = client.post("/v1/transactions" + (await ? "?wait=commit" : ""), "application/x-protobuf", payload);
        if (answer.status() == 202 && !await) {
            out.println(answer.json().path("id").asText(id));
            return YantarCli.EXIT_OK;
        }
        if (answer.status() == 200 || (answer.status() == 202 && await)) {
            JsonNode status = answer.status() == 200 ? answer.json() : client.getJson("/v1/transactions/" + id);
            out.println(id);
            out.println(status.toPrettyString());
            JsonNode receipt = status.path("receipt");
            if (receipt.isObject() && !receipt.path("success").asBoolean()) {
                throw new UserError("transaction " + id + " failed: " + receipt.path("reasonCode").asText() + ": " + receipt.path("detail").asText());
            }
            return YantarCli.EXIT_OK;
        }
        if (answer.status() == 504) {
            out.println(id);
            throw new UserError("transaction " + id + " is still pending: " + answer.json().path("detail").asText());
        }
        throw new UserError("refused: " + answer.problem());
    }
}
