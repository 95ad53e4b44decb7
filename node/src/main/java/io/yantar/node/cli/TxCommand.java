package io.yantar.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code yantar tx}: signs and submits transactions. */
@Command(name = "tx", mixinStandardHelpOptions = true,
        description = "Signs a transaction with a key file and submits it to a node; prints the transaction id.",
        subcommands = {TransferCommand.class, IssueCommand.class, DisburseCommand.class})
final class TxCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: " + String.join(", ", spec.subcommands().keySet()));
    }
}
