package io.yantar.node.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code yantar proof TXID}: fetches the transaction's receipt bundle (JSON), waiting while
 * the node answers 409 (not yet committed or certified), and writes it to a file or stdout.
 */
@Command(name = "proof", mixinStandardHelpOptions = true,
        description = {"Fetches the receipt bundle of a committed transaction for offline verification.",
                "The bundle is protobuf JSON, for 'yantar verify-receipt'. Waits up to --timeout while the node says",
                "it is not committed or not certified yet."})
final class ProofCommand implements Callable<Integer> {
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    @Spec
    CommandSpec spec;

    @Mixin
    NodeOption node;

    @Parameters(index = "0", paramLabel = "TXID", description = "The transaction id (64 hex digits).")
    String txId;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the bundle here instead of stdout.")
    Path out;

    @Option(names = "--timeout", defaultValue = "10s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to wait for a pending or not yet certified transaction (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!txId.matches("[0-9a-f]{64}")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "TXID is 64 lower-case hex digits (was '"
                    + ClientKeys.abbreviate(txId) + "')");
        }
        NodeClient client = node.client();
        long deadline = System.nanoTime() + timeout.toNanos();
        NodeClient.Answer answer = client.get("/v1/transactions/" + txId + "/proof", "application/json");
        while (answer.status() == 409 && System.nanoTime() < deadline) {
            Thread.sleep(POLL_INTERVAL.toMillis());
            answer = client.get("/v1/transactions/" + txId + "/proof", "application/json");
        }
        if (answer.status() != 200) {
            throw new UserError(answer.problem());
        }
        if (out == null) {
            spec.commandLine().getOut().println(new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8));
        } else {
            Files.write(out, answer.body());
            spec.commandLine().getErr().println("wrote the receipt bundle of " + txId + " to " + out);
        }
        return YantarCli.EXIT_OK;
    }
}
