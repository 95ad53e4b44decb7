package io.yantar.node.cli;

import io.yantar.ledger.account.Address;
import io.yantar.ledger.account.AddressCodec;
import io.yantar.ledger.account.Money;
import io.yantar.proto.Transfer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code yantar tx transfer}: pays an amount from the key's account to another address. */
@Command(name = "transfer", mixinStandardHelpOptions = true,
        description = {"Transfers money from the key's account to ADDR.", "Prints the transaction id; with --wait also its receipt as JSON."})
final class TransferCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TxOptions tx;

    @Option(names = "--to", required = true, paramLabel = "ADDR", description = "The recipient's address (yn...).")
    String to;

    @Option(names = "--amount", required = true, paramLabel = "AMOUNT", description = "Roubles, e.g. 10.00.")
    String amount;

    @Override
    public Integer call() {
        Address recipient = ClientKeys.parseAddress(spec.commandLine(), new AddressCodec(tx.senderKey().suite()), "--to", to);
        Money money = ClientKeys.parsePositiveAmount(spec.commandLine(), "--amount", amount);
        return tx.send(transaction -> transaction.setTransfer(Transfer.newBuilder()
                .setRecipient(recipient.bytes())
                .setAmountKopecks(money.kopecks())));
    }
}
