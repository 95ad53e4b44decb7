package io.yantar.node.cli;

import io.yantar.node.network.NetworkLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code yantar down}: stops the nodes of a network started with {@code yantar up --detach}. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = {"Stops the nodes of a network folder that 'yantar up --detach' started (their pid files are in DIR/run/).",
                "Each node gets SIGTERM (a graceful leave) and is killed if it has not stopped within the timeout."})
final class DownCommand implements Callable<Integer> {
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    @Spec
    CommandSpec spec;

    @Option(names = "--network", defaultValue = "network", paramLabel = "DIR", description = "Network folder (default: ./${DEFAULT-VALUE}).")
    Path network;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        NetworkLayout layout = new NetworkLayout(network);
        List<String> recorded = LocalConsortium.recordedNodes(layout);
        if (recorded.isEmpty()) {
            out.println("no running nodes recorded in " + layout.runDir());
            return YantarCli.EXIT_OK;
        }
        for (String nodeId : recorded) {
            Optional<ProcessHandle> process = LocalConsortium.runningProcess(layout, nodeId);
            process.ifPresent(ProcessHandle::destroy);
        }
        for (String nodeId : recorded) {
            Optional<ProcessHandle> process = LocalConsortium.runningProcess(layout, nodeId);
            boolean graceful = false; // one that ended before it was told to may have been killed while writing
            if (process.isEmpty()) {
                out.println(nodeId + " stopped");
            } else {
                graceful = awaitExit(process.get(), STOP_TIMEOUT);
                out.println(nodeId + (graceful ? " stopped" : " killed after " + STOP_TIMEOUT.toSeconds() + " s") + " (pid " + process.get().pid() + ")");
            }
            ClassDataArchive.finish(ClassDataArchive.marker(layout.runDir(), nodeId), graceful);
            Files.deleteIfExists(layout.pidFile(nodeId));
        }
        return YantarCli.EXIT_OK;
    }

    /** Waits for the process to exit; kills it when the timeout passes. Returns whether it exited by itself. */
    static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            process.destroyForcibly();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }
}
