package io.yantar.node.cli;

import io.yantar.ledger.account.Money;
import io.yantar.proto.Issue;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code yantar tx issue}: an issuer (the treasury) creates money on its own account against a budget line. */
@Command(name = "issue", mixinStandardHelpOptions = true,
        description = {"Issues new money to the key's own account.",
                "The key must hold the issuer role (e.g. keys/treasury.key).",
                "Prints the transaction id; with --wait also its receipt as JSON."})
final class IssueCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TxOptions tx;

    @Option(names = "--amount", required = true, paramLabel = "AMOUNT", description = "Roubles, e.g. 5000000.00.")
    String amount;

    @Option(names = "--budget-line", required = true, paramLabel = "LINE", description = "The budget line funding it, e.g. budget-2026/social/0104.")
    String budgetLine;

    @Override
    public Integer call() {
        Money money = ClientKeys.parsePositiveAmount(spec.commandLine(), "--amount", amount);
        if (budgetLine.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--budget-line must not be empty");
        }
        return tx.send(transaction -> transaction.setIssue(Issue.newBuilder()
                .setAmountKopecks(money.kopecks())
                .setBudgetLine(budgetLine)));
    }
}
