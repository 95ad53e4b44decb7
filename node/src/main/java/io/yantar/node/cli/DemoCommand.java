package io.yantar.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code yantar demo}: helpers for demonstrations. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Helpers for demonstrations.",
        subcommands = {DemoCitizensCommand.class})
final class DemoCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: " + String.join(", ", spec.subcommands().keySet()));
    }
}
