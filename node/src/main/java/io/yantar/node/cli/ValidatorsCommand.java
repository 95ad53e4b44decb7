package io.yantar.node.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code yantar validators}: the validator set deciding a height, from a node's public API. */
@Command(name = "validators", mixinStandardHelpOptions = true,
        description = {"Prints the validator set deciding a height as JSON (default: the set voting now),",
                "with the next epoch when one is scheduled."})
final class ValidatorsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NodeOption node;

    @Option(names = "--height", paramLabel = "H", description = "The height whose set to print.")
    Long height;

    @Override
    public Integer call() {
        if (height != null && height < 0) {
            throw new ParameterException(spec.commandLine(), "--height must be 0 or more (was " + height + ")");
        }
        String path = "/v1/validators" + (height == null ? "" : "?height=" + height);
        spec.commandLine().getOut().println(node.client().getJson(path).toPrettyString());
        return YantarCli.EXIT_OK;
    }
}
