package io.yantar.node.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code yantar address}: the account address of a key file, in the ledger's text form. */
@Command(name = "address", mixinStandardHelpOptions = true,
        description = "Prints the account address (yn + 48 hex digits, with checksum) of a private key file.")
final class AddressCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "A private key file, e.g. network/keys/citizen-1.key.")
    Path keyFile;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(ClientKeys.addressText(ClientKeys.read(keyFile)));
        return YantarCli.EXIT_OK;
    }
}
