package io.yantar.node.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code yantar account ADDR}: balance, nonce and state proof of an account, as JSON. */
@Command(name = "account", mixinStandardHelpOptions = true,
        description = {"Prints an account as JSON (balance, nonce, state proof).",
                "Fields: address, exists, balance (e.g. \"1234.56\"), balanceKopecks, nonce (the next one), height,",
                "header (the state the proof is against), proof, checkpointCertificate."})
final class AccountCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NodeOption node;

    @Parameters(index = "0", paramLabel = "ADDR", description = "The account address (yn...).")
    String address;

    @Override
    public Integer call() {
        if (!address.matches("[a-z0-9]{1,100}")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "ADDR is an address like yn0123... (was '"
                    + ClientKeys.abbreviate(address) + "')");
        }
        spec.commandLine().getOut().println(node.client().getJson("/v1/accounts/" + address).toPrettyString());
        return YantarCli.EXIT_OK;
    }
}
