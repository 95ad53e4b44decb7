package io.yantar.node.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.Hex;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.verify.ReceiptVerifier;
import io.yantar.ledger.verify.Verdict;
import io.yantar.proto.Genesis;
import io.yantar.proto.Receipt;
import io.yantar.proto.ReceiptBundle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code yantar verify-receipt}: checks a receipt bundle offline against a genesis with the
 * ledger's {@link ReceiptVerifier}, trusting no node. Exit 0 and {@code verified: ...}, or exit
 * 1 and {@code NOT verified: <reason>}.
 */
@Command(name = "verify-receipt", mixinStandardHelpOptions = true,
        description = {"Verifies a receipt bundle offline against the genesis validator keys.",
                "The bundle comes from 'yantar proof' or GET /v1/transactions/{id}/proof (JSON or protobuf). Checked:",
                "signature, inclusion and receipt proofs, commit and checkpoint certificates.",
                "Prints 'verified: ...' (exit 0) or 'NOT verified: <reason>' (exit 1)."})
final class VerifyReceiptCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--genesis", required = true, paramLabel = "FILE", description = "The network's genesis.pb (or genesis.json).")
    Path genesisFile;

    @Option(names = "--receipt", required = true, paramLabel = "FILE", description = "The receipt bundle (JSON or protobuf).")
    Path receiptFile;

    @Override
    public Integer call() throws IOException {
        Genesis genesis = (Genesis) read(genesisFile, Genesis.newBuilder(), "--genesis");
        ReceiptBundle bundle = (ReceiptBundle) read(receiptFile, ReceiptBundle.newBuilder(), "--receipt");
        CryptoSuite suite;
        try {
            suite = CryptoSuites.byId(genesis.getCryptoSuite());
        } catch (IllegalArgumentException e) {
            throw new UserError("--genesis: " + e.getMessage());
        }
        Verdict verdict = new ReceiptVerifier(genesis, suite, LedgerLimits.DEFAULTS).verify(bundle);
        if (verdict instanceof Verdict.Refused refused) {
            spec.commandLine().getOut().println("NOT verified: " + refused.reason());
            return YantarCli.EXIT_FAILURE;
        }
        Receipt receipt = bundle.getReceipt();
        spec.commandLine().getOut().printf("verified: transaction %s is in block %d of chain '%s' at index %d, %s; "
                        + "commit and checkpoint certificates signed by %d and %d of the %d genesis validators%n",
                Hex.encode(receipt.getTxId().toByteArray()), receipt.getHeight(), genesis.getChainId(), receipt.getIndex(),
                receipt.getSuccess() ? "executed successfully" : "refused at execution (" + receipt.getReasonCode() + ")",
                bundle.getCommitCertificate().getSignaturesCount(), bundle.getCheckpointCertificate().getSignaturesCount(),
                genesis.getValidators().getValidatorsCount());
        return YantarCli.EXIT_OK;
    }

    /** Protobuf JSON when the file starts with '{', binary protobuf otherwise. */
    private static Message read(Path file, Message.Builder builder, String option) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UserError(option + ": no such file: " + file);
        }
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        try {
            if (text.startsWith("{")) {
                JsonFormat.parser().merge(text, builder);
            } else {
                builder.mergeFrom(bytes);
            }
            return builder.build();
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new UserError(option + ": " + file + " is not a " + builder.getDescriptorForType().getName() + " ("
                    + YantarCli.oneLine(e.getMessage()) + ")");
        }
    }
}
