package io.yantar.node.cli;

import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.KeyFiles;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.account.AddressCodec;
import io.yantar.ledger.account.Money;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code yantar demo citizens}: a beneficiary list of freshly generated citizens for {@code yantar tx disburse}. */
@Command(name = "citizens", mixinStandardHelpOptions = true,
        description = {"Writes a beneficiary CSV of freshly generated citizens.",
                "Generates COUNT new citizen keys and writes 'address,amount' lines for 'yantar tx disburse --csv'.",
                "The keys are thrown away unless --keys-dir is given (then written as citizen-gen-N.key, 0600)."})
final class DemoCitizensCommand implements Callable<Integer> {
    private static final int COUNT_MAX = 10_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--count", defaultValue = "1000", paramLabel = "N", description = "How many citizens, 1..10000 (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The CSV file to write (replaced if it exists).")
    Path out;

    @Option(names = "--amount", defaultValue = "1500.00", paramLabel = "AMOUNT", description = "Roubles per citizen (default: ${DEFAULT-VALUE}).")
    String amount;

    @Option(names = "--suite", paramLabel = "SUITE",
            description = "Crypto suite of the citizens' keys and addresses: ed25519-sha256 or gost3410-2012-256-streebog (default: the suite of --genesis, else ed25519-sha256).")
    String suiteId;

    @Option(names = "--genesis", paramLabel = "FILE", description = "The network's genesis.pb: its crypto suite is used.")
    Path genesis;

    @Option(names = "--keys-dir", paramLabel = "DIR", description = "Also keep each citizen's key file here.")
    Path keysDir;

    @Override
    public Integer call() throws IOException {
        if (count < 1 || count > COUNT_MAX) {
            throw new ParameterException(spec.commandLine(), "--count must be between 1 and " + COUNT_MAX + " (was " + count + ")");
        }
        Money each = ClientKeys.parsePositiveAmount(spec.commandLine(), "--amount", amount);
        CryptoSuite suite = suite();
        AddressCodec codec = new AddressCodec(suite);
        SecureRandom random = new SecureRandom();
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            writer.write("address,amount\n");
            for (int i = 1; i <= count; i++) {
                SigningKey key = suite.generateKey(random);
                if (keysDir != null) {
                    KeyFiles.write(keysDir.resolve("citizen-gen-" + i + ".key"), key);
                }
                writer.write(codec.format(Address.ofPublicKey(suite, ByteString.copyFrom(key.publicKey()))) + "," + each + "\n");
            }
        }
        spec.commandLine().getErr().println("wrote " + count + " citizens at " + each + " each (total "
                + Money.ofKopecks(Math.multiplyExact(each.kopecks(), count)) + ") to " + out);
        return YantarCli.EXIT_OK;
    }

    private CryptoSuite suite() throws IOException {
        if (suiteId != null && genesis != null) {
            throw new ParameterException(spec.commandLine(), "give --suite or --genesis, not both");
        }
        String id = suiteId;
        if (genesis != null) {
            if (!Files.isRegularFile(genesis)) {
                throw new ParameterException(spec.commandLine(), "--genesis: no such file: " + genesis);
            }
            try {
                id = io.yantar.proto.Genesis.parseFrom(Files.readAllBytes(genesis)).getCryptoSuite();
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new ParameterException(spec.commandLine(), "--genesis: " + genesis + " is not a genesis.pb file");
            }
        }
        try {
            return id == null ? CryptoSuites.ed25519() : CryptoSuites.byId(id);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), (genesis != null ? "--genesis: " : "--suite: ") + e.getMessage());
        }
    }
}
