package io.yantar.node.cli;

import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.Parsed;
import io.yantar.ledger.account.AddressCodec;
import io.yantar.ledger.account.Money;
import io.yantar.proto.Disburse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code yantar tx disburse}: the treasury pays a benefit run to up to 10,000 beneficiaries in one transaction. */
@Command(name = "disburse", mixinStandardHelpOptions = true,
        description = {"Pays a benefit run: every 'address,amount' line of a CSV file, in one transaction.",
                "The key must be an issuer's (e.g. keys/treasury.key); all lines are paid or none (at most 10,000).",
                "Prints the transaction id; with --wait also its receipt as JSON. Progress goes to stderr."})
final class DisburseCommand implements Callable<Integer> {
    private static final Pattern PROGRAM_ID = Pattern.compile("[a-z0-9._-]{1,64}");

    @Spec
    CommandSpec spec;

    @Mixin
    TxOptions tx;

    @Option(names = "--program", required = true, paramLabel = "ID", description = "The programme id, e.g. child-allowance-2026-11 (a-z 0-9 . _ -).")
    String program;

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "Lines 'address,amount' (e.g. from 'yantar demo citizens').")
    Path csv;

    @Override
    public Integer call() throws IOException {
        if (!PROGRAM_ID.matcher(program).matches()) {
            throw new ParameterException(spec.commandLine(), "--program must be 1..64 characters of a-z 0-9 . _ - (was '"
                    + ClientKeys.abbreviate(program) + "')");
        }
        if (!Files.isRegularFile(csv)) {
            throw new ParameterException(spec.commandLine(), "--csv: no such file: " + csv);
        }
        PrintWriter err = spec.commandLine().getErr();
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        err.println("reading " + lines.size() + " lines of " + csv);
        Parsed<BeneficiaryCsv.Lines> parsed = BeneficiaryCsv.parse(lines, new AddressCodec(tx.senderKey().suite()),
                LedgerLimits.DEFAULTS.disbursementLinesMax());
        if (parsed instanceof Parsed.Rejected<BeneficiaryCsv.Lines> rejected) {
            throw new UserError(csv + ": " + rejected.reason());
        }
        BeneficiaryCsv.Lines payments = parsed.orThrow();
        err.println(payments.payments().size() + " payments, total " + Money.ofKopecks(payments.totalKopecks())
                + "; signing and submitting" + (tx.await ? ", then waiting for the commit" : ""));
        return tx.send(transaction -> transaction.setDisburse(Disburse.newBuilder()
                .setProgramId(program)
                .addAllLines(payments.payments())));
    }
}
