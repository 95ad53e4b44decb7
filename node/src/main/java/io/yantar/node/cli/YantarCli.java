package io.yantar.node.cli;

import io.yantar.node.CommonPoolParallelism;
import io.yantar.node.NodeStartException;
import io.yantar.node.config.InvalidConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code yantar} command. Each subcommand is its own class in this package; errors are
 * printed as one line naming the problem, with a non-zero exit code (2 for bad arguments,
 * 1 for everything else).
 */
@Command(
        name = "yantar",
        mixinStandardHelpOptions = true,
        versionProvider = YantarCli.Version.class,
        description = "Yantar: a Byzantine-fault-tolerant payment ledger for a government and bank consortium.",
        subcommands = {
                KeygenCommand.class,
                GenesisCommand.class,
                NodeCommand.class,
                UpCommand.class,
                DownCommand.class,
                AddressCommand.class,
                TxCommand.class,
                AccountCommand.class,
                BlockCommand.class,
                ProofCommand.class,
                VerifyReceiptCommand.class,
                AdminCommand.class,
                ValidatorsCommand.class,
                TlsCommand.class,
                JoinCommand.class,
                DemoCommand.class,
                SimulateCommand.class,
                io.yantar.node.chaos.ChaosCommand.class,
                CommandLine.HelpCommand.class})
public final class YantarCli implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        CommonPoolParallelism.raiseBeforeFirstUse();
        int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(code);
    }

    /** Runs one command line with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new YantarCli());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler(YantarCli::onBadArguments);
        commandLine.setExecutionExceptionHandler(YantarCli::onFailure);
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: " + String.join(", ", spec.subcommands().keySet()));
    }

    private static int onBadArguments(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + oneLine(e.getMessage())
                + " (see '" + command.getCommandSpec().qualifiedName() + " --help')");
        return EXIT_USAGE;
    }

    private static int onFailure(Exception e, CommandLine command, ParseResult parseResult) {
        String name = command.getCommandSpec().qualifiedName();
        if (e instanceof UserError || e instanceof InvalidConfigException || e instanceof NodeStartException) {
            command.getErr().println(name + ": " + oneLine(e.getMessage()));
        } else {
            command.getErr().println(name + ": unexpected failure: " + oneLine(String.valueOf(e)));
        }
        return EXIT_FAILURE;
    }

    static String oneLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = YantarCli.class.getPackage().getImplementationVersion();
            return new String[] {"yantar " + (version == null ? "development build" : version)};
        }
    }
}
