package io.yantar.node.cli;

import io.yantar.node.consensus.ConsensusReplicaPlugin;
import io.yantar.node.YantarNode;
import io.yantar.node.config.NodeConfig;
import io.yantar.node.config.NodeConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.CoordinatedShutdown;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code yantar node}: runs one node in the foreground until it is stopped (Ctrl-C, SIGTERM). */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = {"Starts one node from its configuration file and runs it until stopped.",
                "Logs one line per meaningful event (joined, ready, member up/unreachable) to stdout."})
final class NodeCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The node's HOCON file, e.g. network/node-1.conf.")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        NodeConfig nodeConfig = NodeConfigLoader.load(config);
        YantarNode node = YantarNode.start(nodeConfig, new ConsensusReplicaPlugin());
        try {
            node.whenTerminated().toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw new UserError("the node stopped abnormally: " + e.getCause());
        }
        var reason = CoordinatedShutdown.get(node.system()).getShutdownReason();
        boolean expected = reason.isEmpty() || reason.get() == CoordinatedShutdown.jvmExitReason()
                || reason.get() == CoordinatedShutdown.unknownReason();
        if (!expected) {
            throw new UserError(node.nodeId() + " stopped: " + reason.get());
        }
        return YantarCli.EXIT_OK;
    }
}
