package io.yantar.node.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code yantar block N}: a committed block with its certificates, as JSON. */
@Command(name = "block", mixinStandardHelpOptions = true,
        description = "Prints the committed block at height N (or 'latest') as JSON, with its commit and checkpoint certificates.")
final class BlockCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NodeOption node;

    @Parameters(index = "0", paramLabel = "N", description = "A height from 1, or 'latest'.")
    String height;

    @Override
    public Integer call() {
        if (!height.equals("latest") && !height.matches("[1-9][0-9]{0,18}")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "N must be a height from 1 or 'latest' (was '"
                    + ClientKeys.abbreviate(height) + "')");
        }
        spec.commandLine().getOut().println(node.client().getJson("/v1/blocks/" + height).toPrettyString());
        return YantarCli.EXIT_OK;
    }
}
